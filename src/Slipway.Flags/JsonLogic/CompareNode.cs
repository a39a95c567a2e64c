using System.Runtime.CompilerServices;

namespace Slipway.Flags.JsonLogic;

/// <summary><c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>; <c>&lt;</c> and <c>&lt;=</c> also take three arguments (between).</summary>
internal sealed class CompareNode(string op, Node[] args) : Node
{
    private readonly int _op = op switch
    {
        "<" => 0,
        "<=" => 1,
        ">" => 2,
        _ => 3,
    };

    public override FlagValue Evaluate(ref EvalScope scope) => FlagValue.From(IsTrue(ref scope));

    // "attribute op number": the number is read once, here.
    private readonly double _constant = args is [_, LiteralNode { Value.Kind: FlagValueKind.Number } literal] ? literal.Value.RawNumber : double.NaN;
    private readonly VarNode? _left = args is [VarNode left, LiteralNode { Value.Kind: FlagValueKind.Number }] ? left : null;

    public override bool IsTrue(ref EvalScope scope)
    {
        if (args.Length < 2)
        {
            return false;
        }

        if (_left is not null && _left.TryReadNumber(ref scope, out var number))
        {
            return HoldsFor(number, _constant);
        }

        var a = args[0].Evaluate(ref scope);
        if (a.Kind == FlagValueKind.Number && !double.IsNaN(_constant))
        {
            return HoldsFor(a.RawNumber, _constant);
        }

        return IsTrueGeneral(a, ref scope);
    }

    // Mixed kinds, a computed right side, or "between": out of line so "attribute op number" stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IsTrueGeneral(FlagValue a, ref EvalScope scope)
    {
        var b = args[1].Evaluate(ref scope);
        if (!Holds(a, b))
        {
            return false;
        }

        if (args.Length >= 3 && _op <= 1)
        {
            var c = args[2].Evaluate(ref scope);
            return Holds(b, c);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HoldsFor(double a, double b) => _op switch
    {
        0 => a < b,
        1 => a <= b,
        2 => a > b,
        _ => a >= b,
    };

    private bool Holds(in FlagValue a, in FlagValue b)
    {
        if (JsSemantics.Compare(a, b) is not { } sign)
        {
            return false;
        }

        return _op switch
        {
            0 => sign < 0,
            1 => sign <= 0,
            2 => sign > 0,
            _ => sign >= 0,
        };
    }
}
