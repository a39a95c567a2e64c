using System.Globalization;
using System.Xml.Linq;
using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>Writes the merged results of all shards as one JUnit XML file and one TRX file.</summary>
internal static class TestReportWriter
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    private static readonly Guid UnitTestType = new("13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b");
    private static readonly Guid AllLoadedResults = new("8c84fa94-04c1-424b-9868-57a2d4851a1d");

    public static void WriteJUnit(string path, TestStageResult result, DateTimeOffset timestamp)
    {
        var suites = new XElement("testsuites",
            new XAttribute("name", $"slipway seed {result.Seed}"),
            new XAttribute("tests", result.Tests.Count),
            new XAttribute("failures", result.Failed),
            new XAttribute("time", Seconds(result.Tests.Aggregate(TimeSpan.Zero, (a, t) => a + t.Duration))));

        foreach (var assembly in result.Tests.GroupBy(t => t.Assembly))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", assembly.Key),
                new XAttribute("tests", assembly.Count()),
                new XAttribute("failures", assembly.Count(t => FailureTriage.IsFailure(t.Outcome))),
                new XAttribute("skipped", assembly.Count(t => t.Outcome is TestOutcome.Skipped or TestOutcome.NotRun)),
                new XAttribute("timestamp", timestamp.ToString("s", CultureInfo.InvariantCulture)),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "seed"), new XAttribute("value", result.Seed)),
                    new XElement("property", new XAttribute("name", "shards"), new XAttribute("value", result.ShardCount))));
            foreach (var test in assembly)
            {
                var triage = result.Triage.FirstOrDefault(t => t.Test == test.Name);
                var testCase = new XElement("testcase",
                    new XAttribute("name", test.Name.FullName),
                    new XAttribute("classname", test.Name.ClassName),
                    new XAttribute("time", Seconds(test.Duration)));
                switch (test.Outcome)
                {
                    case TestOutcome.Failed or TestOutcome.TimedOut:
                        testCase.Add(new XElement("failure",
                            new XAttribute("message", triage?.Explanation ?? test.Message ?? test.Outcome.ToString()),
                            new XAttribute("type", triage?.Kind.ToString() ?? test.Outcome.ToString()),
                            $"{test.Message}\n{test.StackTrace}\n{triage?.ReproCommand}".Trim()));
                        break;
                    case TestOutcome.Skipped or TestOutcome.NotRun:
                        testCase.Add(new XElement("skipped", new XAttribute("message", test.Outcome.ToString())));
                        break;
                }

                suite.Add(testCase);
            }

            suites.Add(suite);
        }

        new XDocument(suites).Save(path);
    }

    public static void WriteTrx(string path, TestStageResult result, DateTimeOffset timestamp)
    {
        var runId = DeterministicGuid($"run:{result.Seed}:{timestamp:O}");
        var times = timestamp.ToString("O", CultureInfo.InvariantCulture);
        var results = new XElement(Trx + "Results");
        var definitions = new XElement(Trx + "TestDefinitions");
        var entries = new XElement(Trx + "TestEntries");
        foreach (var test in result.Tests)
        {
            var testId = DeterministicGuid($"{test.Assembly}:{test.Name.FullName}");
            var executionId = DeterministicGuid($"{runId}:{testId}");
            var outcome = test.Outcome switch
            {
                TestOutcome.Passed => "Passed",
                TestOutcome.Failed => "Failed",
                TestOutcome.TimedOut => "Timeout",
                _ => "NotExecuted",
            };
            var unitResult = new XElement(Trx + "UnitTestResult",
                new XAttribute("executionId", executionId),
                new XAttribute("testId", testId),
                new XAttribute("testName", test.Name.FullName),
                new XAttribute("computerName", Environment.MachineName),
                new XAttribute("duration", test.Duration.ToString("c", CultureInfo.InvariantCulture)),
                new XAttribute("startTime", times),
                new XAttribute("endTime", times),
                new XAttribute("testType", UnitTestType),
                new XAttribute("outcome", outcome),
                new XAttribute("testListId", AllLoadedResults));
            if (FailureTriage.IsFailure(test.Outcome))
            {
                var triage = result.Triage.FirstOrDefault(t => t.Test == test.Name);
                unitResult.Add(new XElement(Trx + "Output",
                    new XElement(Trx + "ErrorInfo",
                        new XElement(Trx + "Message", $"{triage?.Explanation} {test.Message}".Trim()),
                        new XElement(Trx + "StackTrace", $"{test.StackTrace}\n{triage?.ReproCommand}".Trim()))));
            }

            results.Add(unitResult);
            definitions.Add(new XElement(Trx + "UnitTest",
                new XAttribute("name", test.Name.FullName),
                new XAttribute("storage", test.Assembly),
                new XAttribute("id", testId),
                new XElement(Trx + "Execution", new XAttribute("id", executionId)),
                new XElement(Trx + "TestMethod",
                    new XAttribute("codeBase", test.Assembly),
                    new XAttribute("className", test.Name.ClassName),
                    new XAttribute("name", test.Name.MethodName))));
            entries.Add(new XElement(Trx + "TestEntry",
                new XAttribute("testId", testId),
                new XAttribute("executionId", executionId),
                new XAttribute("testListId", AllLoadedResults)));
        }

        var document = new XElement(Trx + "TestRun",
            new XAttribute("id", runId),
            new XAttribute("name", $"slipway seed {result.Seed}"),
            new XElement(Trx + "Times", new XAttribute("creation", times), new XAttribute("start", times), new XAttribute("finish", times)),
            results,
            definitions,
            new XElement(Trx + "TestLists", new XElement(Trx + "TestList", new XAttribute("name", "All Loaded Results"), new XAttribute("id", AllLoadedResults))),
            entries,
            new XElement(Trx + "ResultSummary",
                new XAttribute("outcome", result.Blocks ? "Failed" : "Completed"),
                new XElement(Trx + "Counters",
                    new XAttribute("total", result.Tests.Count),
                    new XAttribute("executed", result.Tests.Count(t => t.Outcome is TestOutcome.Passed or TestOutcome.Failed or TestOutcome.TimedOut)),
                    new XAttribute("passed", result.Passed),
                    new XAttribute("failed", result.Failed))));
        new XDocument(document).Save(path);
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static Guid DeterministicGuid(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16));
    }
}
