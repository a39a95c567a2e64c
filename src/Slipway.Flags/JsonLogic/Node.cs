namespace Slipway.Flags.JsonLogic;

/// <summary>A compiled JsonLogic expression. Nodes are immutable and shared across threads.</summary>
internal abstract class Node
{
    public abstract FlagValue Evaluate(ref EvalScope scope);

    /// <summary>Whether the value is truthy, the way a condition reads it. Operators that produce a boolean override this to skip the value.</summary>
    public virtual bool IsTrue(ref EvalScope scope) => JsSemantics.IsTruthy(Evaluate(ref scope));
}
