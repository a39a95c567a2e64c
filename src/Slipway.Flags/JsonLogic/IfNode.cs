namespace Slipway.Flags.JsonLogic;

/// <summary><c>if</c> / <c>?:</c>: condition, then, [condition, then]..., [else].</summary>
internal sealed class IfNode(Node[] args) : Node
{
    public Node[] Args { get; } = args;

    public override FlagValue Evaluate(ref EvalScope scope)
    {
        var args = Args;
        var i = 0;
        for (; i < args.Length - 1; i += 2)
        {
            if (args[i].IsTrue(ref scope))
            {
                return args[i + 1].Evaluate(ref scope);
            }
        }

        return i == args.Length - 1 ? args[i].Evaluate(ref scope) : default;
    }
}
