using System.Globalization;
using System.Text.Json;
using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>
/// Folds the JSON lines of xUnit v3's <c>-reporter json</c> into per-method outcomes, the order in
/// which methods really started, and the test running right now (for hang reports).
/// </summary>
internal sealed class XunitEventStream
{
    private readonly Dictionary<string, TestName> _caseNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _testToCase = new(StringComparer.Ordinal);
    private readonly Dictionary<TestName, Folded> _results = [];
    private readonly List<TestName> _started = [];
    private readonly List<TestName> _failed = [];
    private readonly object _gate = new();

    private sealed class Folded
    {
        public TestOutcome Outcome { get; set; } = TestOutcome.NotRun;
        public double Seconds { get; set; }
        public string? Message { get; set; }
        public string? StackTrace { get; set; }
    }

    public TestName? Running { get; private set; }

    public int Finished { get; private set; }

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Returns true when a test finished (progress changed).</summary>
    public bool Accept(string line)
    {
        var start = line.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.AsMemory(start));
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("$type", out var typeElement))
            {
                return false;
            }

            lock (_gate)
            {
                return Apply(typeElement.GetString(), root);
            }
        }
    }

    private bool Apply(string? type, JsonElement root)
    {
        switch (type)
        {
            case "test-case-starting":
                {
                    var name = new TestName(Text(root, "TestClassName"), Text(root, "TestMethodName"));
                    _caseNames[Text(root, "TestCaseUniqueID")] = name;
                    if (!_results.ContainsKey(name))
                    {
                        _results[name] = new Folded();
                        _started.Add(name);
                    }

                    return false;
                }

            case "test-starting":
                {
                    var caseId = Text(root, "TestCaseUniqueID");
                    _testToCase[Text(root, "TestUniqueID")] = caseId;
                    Running = _caseNames.GetValueOrDefault(caseId);
                    return false;
                }

            case "test-passed":
            case "test-failed":
            case "test-skipped":
            case "test-not-run":
                {
                    if (!_caseNames.TryGetValue(Text(root, "TestCaseUniqueID"), out var name))
                    {
                        return false;
                    }

                    var folded = _results[name];
                    folded.Seconds += root.TryGetProperty("ExecutionTime", out var time) && time.ValueKind == JsonValueKind.Number
                        ? time.GetDouble()
                        : 0;
                    var outcome = type switch
                    {
                        "test-passed" => TestOutcome.Passed,
                        "test-failed" => TestOutcome.Failed,
                        "test-skipped" => TestOutcome.Skipped,
                        _ => TestOutcome.NotRun,
                    };
                    if (outcome == TestOutcome.Failed && folded.Outcome != TestOutcome.Failed)
                    {
                        _failed.Add(name);
                    }

                    folded.Outcome = Worse(folded.Outcome, outcome);
                    if (outcome == TestOutcome.Failed && folded.Message is null)
                    {
                        folded.Message = First(root, "Messages");
                        folded.StackTrace = First(root, "StackTraces");
                    }

                    Finished++;
                    if (outcome == TestOutcome.Passed)
                    {
                        Passed++;
                    }
                    else if (outcome == TestOutcome.Failed)
                    {
                        Failed++;
                    }

                    Running = null;
                    return true;
                }

            default:
                return false;
        }
    }

    /// <summary>The methods in the order they started.</summary>
    public IReadOnlyList<TestName> StartedOrder()
    {
        lock (_gate)
        {
            return [.. _started];
        }
    }

    /// <summary>The methods that failed, in the order they failed (a method once, at its first failed row).</summary>
    public IReadOnlyList<TestName> FailedOrder()
    {
        lock (_gate)
        {
            return [.. _failed];
        }
    }

    public IReadOnlyDictionary<TestName, (TestOutcome Outcome, TimeSpan Duration, string? Message, string? StackTrace)> Results()
    {
        lock (_gate)
        {
            return _results.ToDictionary(
                p => p.Key,
                p => (p.Value.Outcome, TimeSpan.FromSeconds(p.Value.Seconds), p.Value.Message, p.Value.StackTrace));
        }
    }

    /// <summary>A method with several theory rows is as bad as its worst row; a passed row beats "not run".</summary>
    private static TestOutcome Worse(TestOutcome current, TestOutcome next)
    {
        static int Rank(TestOutcome o) => o switch
        {
            TestOutcome.NotRun => 0,
            TestOutcome.Skipped => 1,
            TestOutcome.Passed => 2,
            TestOutcome.Failed => 3,
            _ => 4,
        };

        return Rank(next) > Rank(current) ? next : current;
    }

    private static string Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? string.Empty
            : string.Empty;

    private static string? First(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            ? value[0].ToString()
            : null;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Finished} finished, {Passed} passed, {Failed} failed");
}
