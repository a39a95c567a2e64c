namespace Slipway.Flags.JsonLogic;

internal sealed class LiteralNode(FlagValue value) : Node
{
    public static readonly LiteralNode Null = new(FlagValue.Null);

    public FlagValue Value { get; } = value;

    public override FlagValue Evaluate(ref EvalScope scope) => Value;
}
