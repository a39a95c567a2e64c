using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Flags.Tests.Conformance;

/// <summary>Executes the flagd-testbed evaluator step phrases against <see cref="FlagEvaluator"/>.</summary>
internal sealed partial class ScenarioRunner(Func<FlagEvaluator> evaluatorFactory)
{
    private readonly EvaluationContextBuilder _context = EvaluationContext.CreateBuilder();
    private readonly Dictionary<string, List<KeyValuePair<string, FlagValue>>> _nested = new(StringComparer.Ordinal);
    private FlagEvaluator? _evaluator;
    private string _type = "String";
    private string _key = string.Empty;
    private string _fallback = string.Empty;
    private Result? _result;

    public void Run(GherkinScenario scenario)
    {
        foreach (var step in scenario.Steps)
        {
            Execute(step);
        }
    }

    private void Execute(GherkinStep step)
    {
        var text = step.Text;
        Match m;
        if (text == "an evaluator")
        {
            _evaluator ??= evaluatorFactory();
        }
        else if ((m = FlagStep().Match(text)).Success)
        {
            (_type, _key, _fallback) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
        }
        else if ((m = ContextKeyStep().Match(text)).Success)
        {
            _context.Set(m.Groups[1].Value, Typed(m.Groups[2].Value, m.Groups[3].Value));
        }
        else if ((m = TargetingKeyStep().Match(text)).Success)
        {
            _context.WithTargetingKey(m.Groups[1].Value);
        }
        else if ((m = NestedStep().Match(text)).Success)
        {
            var outer = m.Groups[1].Value;
            if (!_nested.TryGetValue(outer, out var inner))
            {
                _nested[outer] = inner = [];
            }

            inner.Add(new(m.Groups[2].Value, m.Groups[3].Value));
            _context.Set(outer, FlagValue.FromObject(inner));
        }
        else if (text == "the flag was evaluated with details")
        {
            _result = Evaluate();
        }
        else if ((m = ValueStep().Match(text)).Success)
        {
            var expected = Typed(_type, m.Groups[1].Value);
            Assert.True(expected.Equals(Current.Value), $"value: expected {expected.ToJsonString()}, got {Current.Value.ToJsonString()} (reason {Current.Reason}, error {Current.Error}: {Current.Message})");
        }
        else if ((m = ReasonStep().Match(text)).Success)
        {
            Assert.Equal(m.Groups[1].Value, Current.Reason);
        }
        else if ((m = ErrorStep().Match(text)).Success)
        {
            Assert.Equal(m.Groups[1].Value, Current.Error);
        }
        else if (text == "the resolved metadata should contain")
        {
            foreach (var row in step.Table.Skip(1))
            {
                Assert.True(Current.Metadata.TryGetValue(row[0], out var actual), $"metadata has no '{row[0]}'");
                Assert.Equal(Typed(row[1], row[2]), actual);
            }
        }
        else if (text == "the resolved metadata is empty")
        {
            Assert.Empty(Current.Metadata);
        }
        else
        {
            Assert.Fail($"unsupported step: {step.Keyword} {text}");
        }
    }

    private Result Current => _result ?? throw new InvalidOperationException("the flag was not evaluated");

    private Result Evaluate()
    {
        var evaluator = _evaluator ?? throw new InvalidOperationException("no evaluator");
        var context = _context.Build();
        return _type switch
        {
            "Boolean" => Result.From(evaluator.EvaluateBoolean(_key, bool.Parse(_fallback), context), FlagValue.From),
            "String" => Result.From(evaluator.EvaluateString(_key, _fallback, context), FlagValue.From),
            "Integer" => Result.From(evaluator.EvaluateInteger(_key, long.Parse(_fallback, CultureInfo.InvariantCulture), context), FlagValue.From),
            "Float" => Result.From(evaluator.EvaluateDouble(_key, double.Parse(_fallback, CultureInfo.InvariantCulture), context), FlagValue.From),
            "Object" => Result.From(evaluator.EvaluateObject(_key, Typed("Object", _fallback), context), v => v),
            _ => throw new InvalidOperationException($"unknown flag type {_type}"),
        };
    }

    private static FlagValue Typed(string type, string text) => type switch
    {
        "Boolean" => bool.Parse(text),
        "Integer" => long.Parse(text, CultureInfo.InvariantCulture),
        "Float" => double.Parse(text, CultureInfo.InvariantCulture),
        "Object" => FlagValue.ParseJson(text.Replace("\\\"", "\"", StringComparison.Ordinal)),
        _ => text,
    };

    [GeneratedRegex("^a (Boolean|String|Integer|Float|Object)-flag with key \"(.*)\" and a fallback value \"(.*)\"$")]
    private static partial Regex FlagStep();

    [GeneratedRegex("^a context containing a key \"(.*)\", with type \"(.*)\" and with value \"(.*)\"$")]
    private static partial Regex ContextKeyStep();

    [GeneratedRegex("^a context containing a targeting key with value \"(.*)\"$")]
    private static partial Regex TargetingKeyStep();

    [GeneratedRegex("^a context containing a nested property with outer key \"(.*)\" and inner key \"(.*)\", with value \"(.*)\"$")]
    private static partial Regex NestedStep();

    [GeneratedRegex("^the resolved details value should be \"(.*)\"$")]
    private static partial Regex ValueStep();

    [GeneratedRegex("^the reason should be \"(.*)\"$")]
    private static partial Regex ReasonStep();

    [GeneratedRegex("^the error-code should be \"(.*)\"$")]
    private static partial Regex ErrorStep();

    private sealed record Result(FlagValue Value, string Reason, string? Error, string? Message, FlagMetadata Metadata)
    {
        public static Result From<T>(EvaluationDetails<T> details, Func<T, FlagValue> convert) =>
            new(convert(details.Value), details.Reason.ToWireName(), details.ErrorCode.ToWireName(), details.ErrorMessage, details.Metadata);
    }
}
