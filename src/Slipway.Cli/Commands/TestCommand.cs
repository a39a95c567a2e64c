using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Slipway.Core.Testing;
using Slipway.Server.Testing;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway test [--seed N] [--shards K] [--reruns R] [--timeout SECONDS] [--flaky fail|quarantine] [--zero-tests fail|warn]
/// [--order "A.B.C;A.B.D"] [--fail-first "A.B.C;…"] [--run-all] [--out DIR] &lt;project&gt;...`: runs the test stage locally, as the pipeline does. The command line
/// becomes a <see cref="TestStageRequest"/>; <see cref="LocalTestRun"/> runs it and prints the report.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var seed = new Option<int?>("--seed")
        {
            Description = "the shuffle's seed, to replay a recorded order (default: a fresh one, printed)",
            HelpName = "N",
            CustomParser = r => TestSeed.TryParse(Token(r), out var value, out var error) ? value : Error<int?>(r, error),
        };
        var shards = Positive("--shards", "how many shards run in parallel (default: one per processor)", "K");
        var reruns = Positive("--reruns", "how many times a failed test re-runs alone during triage (default: 3)", "R");
        var timeout = Positive("--timeout", "a shard still running after this many seconds is killed (default: 600)", "SECONDS");
        var flaky = Choice<FlakyPolicy>("--flaky", "a test that passes and fails alone: fail the run, or quarantine it (default: fail)", "'fail' or 'quarantine'");
        var zeroTests = Choice<ZeroTestsPolicy>("--zero-tests", "a project that runs no tests: fail, or warn (default: fail)", "'fail' or 'warn'");
        var order = CliOptions.Text("--order", "run exactly these tests in this order in one shard (a repro), separated by ';' or ','", "\"A.B.C;A.B.D\"");
        var failFirst = CliOptions.Text("--fail-first", "run these tests (and their classes) first in the seeded order, as the pipeline runs recently failed tests; with --seed it replays a pipeline's order", "\"A.B.C;A.B.D\"");
        var runAll = new Option<bool>("--run-all") { Description = "keep every shard running after a real failure (default: the other shards stop)" };
        var output = CliOptions.Text("--out", "where the merged JUnit XML and TRX go (default: .slipway/test-results)", "DIR");
        var projects = new Argument<string[]>("project")
        {
            Description = "test projects (.csproj, built here) or built test executables / .dll files",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("test", "run tests locally as the pipeline does: seeded shuffle, shards, triage")
        {
            seed, shards, reruns, timeout, flaky, zeroTests, order, failFirst, runAll, output, projects,
        };
        command.SetAction((parse, ct) => LocalTestRun.RunAsync(
            Request(parse, Directory.GetCurrentDirectory()), parse.GetValue(projects)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    /// <summary>The request a parsed <c>slipway test</c> command line asks for. Without --seed it picks a fresh seed.</summary>
    internal static TestStageRequest Request(ParseResult parse, string workingDirectory)
    {
        var request = new TestStageRequest
        {
            WorkspaceDirectory = workingDirectory,
            Projects = parse.GetValue<string[]>("project")!.Select(p => Path.GetFullPath(p, workingDirectory)).ToList(),
            Seed = parse.GetValue<int?>("--seed") ?? Random.Shared.Next(0, TestSeed.MaxValue),
        };
        if (parse.GetValue<int?>("--shards") is { } shards)
        {
            request = request with { Shards = shards };
        }

        if (parse.GetValue<int?>("--reruns") is { } reruns)
        {
            request = request with { Reruns = reruns };
        }

        if (parse.GetValue<int?>("--timeout") is { } timeout)
        {
            request = request with { ShardTimeout = TimeSpan.FromSeconds(timeout) };
        }

        if (parse.GetValue<FlakyPolicy?>("--flaky") is { } flaky)
        {
            request = request with { Flaky = flaky };
        }

        if (parse.GetValue<ZeroTestsPolicy?>("--zero-tests") is { } zeroTests)
        {
            request = request with { ZeroTests = zeroTests };
        }

        if (parse.GetValue<string?>("--order") is { } order)
        {
            request = request with { ExplicitOrder = order.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
        }

        if (parse.GetValue<string?>("--fail-first") is { } failFirst)
        {
            request = request with
            {
                FailFirst = failFirst.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
            };
        }

        if (parse.GetValue<bool>("--run-all"))
        {
            request = request with { RunAllOnFailure = true };
        }

        if (parse.GetValue<string?>("--out") is { } output)
        {
            request = request with { OutputDirectory = Path.GetFullPath(output, workingDirectory) };
        }

        return request;
    }

    private static Option<int?> Positive(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => int.TryParse(Token(r), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : Error<int?>(r, $"{name} must be a whole number above 0, not '{Token(r)}'."),
    };

    private static Option<T?> Choice<T>(string name, string description, string choices)
        where T : struct, Enum => new(name)
    {
        Description = description,
        HelpName = string.Join('|', Enum.GetNames<T>().Select(n => n.ToLowerInvariant())),
        CustomParser = r => !Token(r).All(char.IsAsciiDigit) && Enum.TryParse<T>(Token(r), ignoreCase: true, out var value)
            ? value
            : Error<T?>(r, $"{name} must be {choices}, not '{Token(r)}'."),
    };

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;

    private static T? Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
