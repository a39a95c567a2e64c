using System.Text.Json;

namespace Slipway.Flags.JsonLogic;

/// <summary>
/// Compiles JsonLogic (with flagd's operators and <c>$ref</c>) into a tree of <see cref="Node"/>s, once.
/// Problems are reported with JSON pointers.
/// </summary>
internal sealed class JsonLogicCompiler(IReadOnlyDictionary<string, JsonElement> evaluators)
{
    private readonly Dictionary<string, (Node Node, Diagnostics Diagnostics)> _compiledEvaluators = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Expansion> _expansions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expanding = new(StringComparer.Ordinal);

    /// <summary>
    /// How large <paramref name="element"/> is once every <c>$ref</c> is replaced by its evaluator. Each evaluator is
    /// measured once (memoised), so a document that doubles per level is measured in linear time, and the walk stops
    /// at <see cref="FlagLimits.MaxExpandedDepth"/>, so a long chain of evaluators cannot overflow the stack.
    /// </summary>
    public Expansion Expand(JsonElement element) => Expand(element, 0);

    private Expansion Expand(JsonElement element, int depth)
    {
        if (depth > FlagLimits.MaxExpandedDepth)
        {
            return Expansion.Deep;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                {
                    long size = 1;
                    var height = 0;
                    var constant = true;
                    foreach (var item in element.EnumerateArray())
                    {
                        var inner = Expand(item, depth + 1);
                        if (inner.TooDeep)
                        {
                            return inner;
                        }

                        size = Math.Min(size + inner.Size, FlagLimits.MaxExpandedNodes + 1L);
                        height = Math.Max(height, inner.Height);
                        constant &= inner.Constant;
                    }

                    // A constant array compiles to one literal (an allow-list of thousands of ids is one node).
                    return new Expansion(constant ? 1 : size, height + 1, constant, TooDeep: false);
                }

            case JsonValueKind.Object:
                {
                    var count = 0;
                    JsonProperty operation = default;
                    foreach (var property in element.EnumerateObject())
                    {
                        operation = property;
                        if (++count > 1)
                        {
                            // Not logic: a plain object value, compiled to one literal.
                            return new Expansion(1, 1, Constant: true, TooDeep: false);
                        }
                    }

                    if (count == 0)
                    {
                        return new Expansion(1, 1, Constant: true, TooDeep: false);
                    }

                    var value = operation.Name == "$ref" && operation.Value.ValueKind == JsonValueKind.String
                        ? ExpandEvaluator(operation.Value.GetString()!, depth + 1)
                        : Expand(operation.Value, depth + 1);
                    return value.TooDeep
                        ? value
                        : new Expansion(Math.Min(value.Size + 1, FlagLimits.MaxExpandedNodes + 1L), value.Height + 1, Constant: false, TooDeep: false);
                }

            default:
                return Expansion.Leaf;
        }
    }

    private Expansion ExpandEvaluator(string name, int depth)
    {
        if (_expansions.TryGetValue(name, out var known))
        {
            return depth + known.Height > FlagLimits.MaxExpandedDepth ? Expansion.Deep : known;
        }

        // A missing evaluator or a cycle is reported when the rule is compiled.
        if (!evaluators.TryGetValue(name, out var definition) || !_expanding.Add(name))
        {
            return Expansion.Leaf;
        }

        var expansion = Expand(definition, depth);
        _expanding.Remove(name);
        if (!expansion.TooDeep)
        {
            // Measured to the bottom, so it holds wherever the evaluator is used. A walk cut short is measured again.
            _expansions[name] = expansion;
        }

        return expansion;
    }

    /// <summary>What one iteration of a loop's body costs of the evaluation's work budget: its expanded size.</summary>
    private int BodyCost(JsonElement rawArgs) =>
        rawArgs.ValueKind == JsonValueKind.Array && rawArgs.GetArrayLength() > 1
            ? (int)Math.Min(Expand(rawArgs[1]).Size, FlagLimits.MaxExpandedNodes + 1L)
            : 1;

    public Node Compile(JsonElement element, string pointer, Diagnostics diagnostics)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                {
                    var items = new Node[element.GetArrayLength()];
                    var i = 0;
                    var constant = true;
                    foreach (var item in element.EnumerateArray())
                    {
                        items[i] = Compile(item, JsonPointer.Append(pointer, i), diagnostics);
                        constant &= items[i] is LiteralNode;
                        i++;
                    }

                    if (constant)
                    {
                        var values = new FlagValue[items.Length];
                        for (var j = 0; j < items.Length; j++)
                        {
                            values[j] = ((LiteralNode)items[j]).Value;
                        }

                        return new LiteralNode(FlagValue.FromArrayUnsafe(values));
                    }

                    return new ArrayNode(items);
                }

            case JsonValueKind.Object:
                {
                    var count = 0;
                    JsonProperty operation = default;
                    foreach (var property in element.EnumerateObject())
                    {
                        operation = property;
                        count++;
                    }

                    if (count != 1)
                    {
                        // Not logic: a plain object value, as in JsonLogic.
                        return new LiteralNode(FlagValue.FromJson(element));
                    }

                    return CompileOperation(operation.Name, operation.Value, JsonPointer.Append(pointer, operation.Name), diagnostics);
                }

            default:
                return new LiteralNode(FlagValue.FromJson(element));
        }
    }

    private Node CompileOperation(string op, JsonElement rawArgs, string pointer, Diagnostics diagnostics)
    {
        if (op == "$ref")
        {
            return CompileRef(rawArgs, pointer, diagnostics);
        }

        if (op == "fractional")
        {
            return CompileFractional(rawArgs, pointer, diagnostics);
        }

        if (op == "var")
        {
            return CompileVar(rawArgs, pointer, diagnostics);
        }

        var args = CompileArgs(rawArgs, pointer, diagnostics);
        switch (op)
        {
            case "if":
            case "?:":
                return new IfNode(args);
            case "==":
            case "===":
            case "!=":
            case "!==":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new EqualityNode(Arg(args, 0), Arg(args, 1), strict: op.Length == 3, negate: op[0] == '!');
            case "<":
            case "<=":
                ExpectCount(op, args, 2, 3, pointer, diagnostics);
                return new CompareNode(op, args);
            case ">":
            case ">=":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new CompareNode(op, args);
            case "and":
                return new AndNode(args);
            case "or":
                return new OrNode(args);
            case "!":
                return new NotNode(args.Length > 0 ? args[0] : null, negate: true);
            case "!!":
                return new NotNode(args.Length > 0 ? args[0] : null, negate: false);
            case "in":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new InNode(Arg(args, 0), Arg(args, 1));
            case "cat":
                return new CatNode(args);
            case "substr":
                ExpectCount(op, args, 1, 3, pointer, diagnostics);
                return new SubstrNode(args);
            case "merge":
                return new MergeNode(args);
            case "missing":
                return new MissingNode(args, some: false);
            case "missing_some":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new MissingNode(args, some: true);
            case "+":
            case "-":
            case "*":
            case "/":
            case "%":
            case "min":
            case "max":
                return new ArithmeticNode(op, args);
            case "some":
            case "all":
            case "none":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new QuantifierNode(op, Arg(args, 0), Arg(args, 1), BodyCost(rawArgs));
            case "map":
            case "filter":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new MapFilterNode(op == "filter", Arg(args, 0), Arg(args, 1), BodyCost(rawArgs));
            case "reduce":
                ExpectCount(op, args, 2, 3, pointer, diagnostics);
                return new ReduceNode(Arg(args, 0), Arg(args, 1), args.Length > 2 ? args[2] : null, BodyCost(rawArgs));
            case "sem_ver":
                ExpectCount(op, args, 3, 3, pointer, diagnostics);
                if (args.Length == 3 && args[1] is LiteralNode { Value.Kind: FlagValueKind.String } literal
                    && literal.Value.AsString() is not ("=" or "!=" or "<" or "<=" or ">" or ">=" or "^" or "~"))
                {
                    diagnostics.Strict(JsonPointer.Append(pointer, 1), $"unknown sem_ver operator '{literal.Value.AsString()}'; expected one of = != < <= > >= ^ ~");
                }

                return new SemVerNode(args);
            case "starts_with":
            case "ends_with":
                ExpectCount(op, args, 2, 2, pointer, diagnostics);
                return new StringMatchNode(op == "starts_with", args);
            case "log":
                return Arg(args, 0);
            default:
                diagnostics.Error(pointer, $"unknown operator '{op}'");
                return LiteralNode.Null;
        }
    }

    private Node[] CompileArgs(JsonElement rawArgs, string pointer, Diagnostics diagnostics)
    {
        if (rawArgs.ValueKind != JsonValueKind.Array)
        {
            // JsonLogic allows a single argument without the array.
            return [Compile(rawArgs, pointer, diagnostics)];
        }

        var args = new Node[rawArgs.GetArrayLength()];
        var i = 0;
        foreach (var item in rawArgs.EnumerateArray())
        {
            args[i] = Compile(item, JsonPointer.Append(pointer, i), diagnostics);
            i++;
        }

        return args;
    }

    private static Node Arg(Node[] args, int index) => index < args.Length ? args[index] : LiteralNode.Null;

    private static void ExpectCount(string op, Node[] args, int min, int max, string pointer, Diagnostics diagnostics)
    {
        if (args.Length < min || args.Length > max)
        {
            var expected = min == max ? $"{min}" : $"{min} to {max}";
            diagnostics.Strict(pointer, $"'{op}' takes {expected} arguments, not {args.Length}");
        }
    }

    private Node CompileVar(JsonElement rawArgs, string pointer, Diagnostics diagnostics)
    {
        JsonElement path = rawArgs;
        Node? fallback = null;
        if (rawArgs.ValueKind == JsonValueKind.Array)
        {
            var length = rawArgs.GetArrayLength();
            if (length == 0)
            {
                return new VarNode(string.Empty, null);
            }

            path = rawArgs[0];
            if (length > 1)
            {
                fallback = Compile(rawArgs[1], JsonPointer.Append(pointer, 1), diagnostics);
            }
        }

        switch (path.ValueKind)
        {
            case JsonValueKind.String:
                return new VarNode(path.GetString()!, fallback);
            case JsonValueKind.Number:
                return new VarNode(path.GetRawText(), fallback);
            case JsonValueKind.Null:
                return new VarNode(string.Empty, fallback);
            case JsonValueKind.Object:
                return new DynamicVarNode(Compile(path, pointer, diagnostics), fallback);
            default:
                diagnostics.Error(pointer, "'var' takes a path string");
                return LiteralNode.Null;
        }
    }

    private Node CompileRef(JsonElement rawArgs, string pointer, Diagnostics diagnostics)
    {
        if (rawArgs.ValueKind != JsonValueKind.String)
        {
            diagnostics.Error(pointer, "'$ref' takes the name of an entry in $evaluators");
            return LiteralNode.Null;
        }

        return CompileReference(rawArgs.GetString()!, pointer, diagnostics);
    }

    /// <summary>Compiles a named entry of $evaluators (cached), adding its problems to <paramref name="diagnostics"/>.</summary>
    public Node CompileEvaluator(string name, Diagnostics diagnostics) => CompileReference(name, JsonPointer.Append("/$evaluators", name), diagnostics);

    private Node CompileReference(string name, string pointer, Diagnostics diagnostics)
    {
        if (!evaluators.TryGetValue(name, out var definition))
        {
            diagnostics.Error(pointer, $"'$ref' names evaluator '{name}', which is not defined in $evaluators");
            return LiteralNode.Null;
        }

        if (!_compiledEvaluators.TryGetValue(name, out var compiled))
        {
            if (!_inProgress.Add(name))
            {
                diagnostics.Error(pointer, $"'$ref' to evaluator '{name}' makes a cycle: the evaluator refers to itself");
                return LiteralNode.Null;
            }

            var own = new Diagnostics();
            var evaluatorPointer = JsonPointer.Append("/$evaluators", name);
            Node node;
            if (Expand(definition).Problem($"evaluator '{name}'") is { } problem)
            {
                // Refused before compiling, so a chain of evaluators cannot recurse past the depth limit.
                own.Error(evaluatorPointer, problem);
                node = LiteralNode.Null;
            }
            else
            {
                node = Compile(definition, evaluatorPointer, own);
            }

            _inProgress.Remove(name);

            // Each problem once: an evaluator used twice by each of many levels would otherwise repeat it 2^levels times.
            own = Distinct(own);
            compiled = (node, own);
            _compiledEvaluators[name] = compiled;
        }

        diagnostics.Errors.AddRange(compiled.Diagnostics.Errors);
        diagnostics.StrictOnly.AddRange(compiled.Diagnostics.StrictOnly);
        return compiled.Node;
    }

    private static Diagnostics Distinct(Diagnostics diagnostics)
    {
        var distinct = new Diagnostics();
        distinct.Errors.AddRange(diagnostics.Errors.Distinct());
        distinct.StrictOnly.AddRange(diagnostics.StrictOnly.Distinct());
        return distinct;
    }

    private Node CompileFractional(JsonElement rawArgs, string pointer, Diagnostics diagnostics)
    {
        if (rawArgs.ValueKind != JsonValueKind.Array || rawArgs.GetArrayLength() == 0)
        {
            diagnostics.Error(pointer, "'fractional' takes an optional bucket key and at least one [variant, weight] bucket");
            return LiteralNode.Null;
        }

        Node? bucketKey = null;
        var names = new List<Node>();
        var weights = new List<Node>();
        var index = 0;
        double literalTotal = 0;
        foreach (var item in rawArgs.EnumerateArray())
        {
            var itemPointer = JsonPointer.Append(pointer, index);
            if (index == 0 && item.ValueKind != JsonValueKind.Array)
            {
                bucketKey = Compile(item, itemPointer, diagnostics);
            }
            else if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() is 0 or > 2)
            {
                diagnostics.Error(itemPointer, "a fractional bucket is [variant] or [variant, weight]");
            }
            else
            {
                names.Add(Compile(item[0], JsonPointer.Append(itemPointer, 0), diagnostics));
                weights.Add(item.GetArrayLength() == 2
                    ? Compile(item[1], JsonPointer.Append(itemPointer, 1), diagnostics)
                    : new LiteralNode(FlagValue.From(1)));
                if (item.GetArrayLength() == 2 && item[1].ValueKind == JsonValueKind.Number)
                {
                    var weight = item[1].GetDouble();
                    if (weight < 0)
                    {
                        diagnostics.Strict(JsonPointer.Append(itemPointer, 1), "a fractional weight cannot be negative");
                    }
                    else if (weight > FlagLimits.MaxFractionalWeight)
                    {
                        diagnostics.Strict(JsonPointer.Append(itemPointer, 1), $"a fractional weight cannot exceed {FlagLimits.MaxFractionalWeight} (FlagLimits.MaxFractionalWeight), not {item[1].GetRawText()}");
                    }
                    else
                    {
                        literalTotal += Math.Truncate(weight);
                    }
                }
                else if (item.GetArrayLength() == 1)
                {
                    literalTotal += 1;
                }
            }

            index++;
        }

        if (names.Count == 0)
        {
            diagnostics.Error(pointer, "'fractional' needs at least one [variant, weight] bucket");
            return LiteralNode.Null;
        }

        if (literalTotal > FlagLimits.MaxFractionalWeight)
        {
            diagnostics.Strict(pointer, $"the fractional weights add up to {literalTotal:R}, more than {FlagLimits.MaxFractionalWeight} (FlagLimits.MaxFractionalWeight)");
        }

        return new FractionalNode(bucketKey, [.. names], [.. weights]);
    }
}
