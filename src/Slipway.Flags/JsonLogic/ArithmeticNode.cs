namespace Slipway.Flags.JsonLogic;

/// <summary><c>+ - * / % min max</c> on JavaScript numbers.</summary>
internal sealed class ArithmeticNode(string op, Node[] args) : Node
{
    public override FlagValue Evaluate(ref EvalScope scope)
    {
        switch (op)
        {
            case "+":
                {
                    double sum = 0;
                    foreach (var arg in args)
                    {
                        sum += JsSemantics.ToNumber(arg.Evaluate(ref scope));
                    }

                    return Number(sum);
                }

            case "*":
                {
                    if (args.Length == 0)
                    {
                        return default;
                    }

                    double product = 1;
                    foreach (var arg in args)
                    {
                        product *= JsSemantics.ToNumber(arg.Evaluate(ref scope));
                    }

                    return Number(product);
                }

            case "-":
                if (args.Length == 0)
                {
                    return default;
                }

                var first = JsSemantics.ToNumber(args[0].Evaluate(ref scope));
                return args.Length == 1 ? Number(-first) : Number(first - JsSemantics.ToNumber(args[1].Evaluate(ref scope)));
            case "/":
            case "%":
                if (args.Length < 2)
                {
                    return default;
                }

                var a = JsSemantics.ToNumber(args[0].Evaluate(ref scope));
                var b = JsSemantics.ToNumber(args[1].Evaluate(ref scope));
                return Number(op == "/" ? a / b : a % b);
            default:
                {
                    if (args.Length == 0)
                    {
                        return default;
                    }

                    var best = op == "min" ? double.PositiveInfinity : double.NegativeInfinity;
                    foreach (var arg in args)
                    {
                        var n = JsSemantics.ToNumber(arg.Evaluate(ref scope));
                        if (double.IsNaN(n))
                        {
                            return default;
                        }

                        best = op == "min" ? Math.Min(best, n) : Math.Max(best, n);
                    }

                    return Number(best);
                }
        }
    }

    private static FlagValue Number(double value) => double.IsNaN(value) || double.IsInfinity(value) ? default : FlagValue.From(value);
}
