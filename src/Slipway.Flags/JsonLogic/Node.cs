namespace Slipway.Flags.JsonLogic;

/// <summary>A compiled JsonLogic expression. Nodes are immutable and shared across threads.</summary>
internal abstract class Node
{
    public abstract FlagValue Evaluate(ref EvalScope scope);
}
