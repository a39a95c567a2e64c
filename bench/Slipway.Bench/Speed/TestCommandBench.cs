using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using Slipway.Bench.Reporting;
using Slipway.Core.Sandbox;

namespace Slipway.Bench.Speed;

/// <summary>
/// `slipway test` against plain `dotnet test` on samples/hello's test project, side by side: each round makes a
/// one-line change to the service's code, then times both, build included, alternating which goes first (ABBA).
/// </summary>
internal static class TestCommandBench
{
    private const string Project = "tests/Hello.Tests/Hello.Tests.csproj";

    public static async Task<Figure> RunAsync(string repository, int rounds, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"-- slipway test vs dotnet test: {rounds} rounds of a one-line change, build included in both, ABBA order");
        var slipway = Path.Combine(AppContext.BaseDirectory, "Slipway.Cli.dll");
        string[] plain = ["test", "--project", Project, "-c", "Release"];
        string[] ours = [slipway, "test", Project];

        // Warm-up, not counted: the first build of the test project, and one run of each.
        await TimeAsync(repository, plain, ct);
        await TimeAsync(repository, ours, ct);

        var dotnetTest = new List<double>();
        var slipwayTest = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var order = i % 4 is 0 or 3 ? new[] { false, true } : [true, false];
            foreach (var isSlipway in order)
            {
                await SpeedBench.ChangeOneLineAsync(repository, $"change {(isSlipway ? "slipway" : "dotnet")} {i}", ct);
                var seconds = await TimeAsync(repository, isSlipway ? ours : plain, ct);
                (isSlipway ? slipwayTest : dotnetTest).Add(seconds);
            }

            Console.WriteLine($"round {i + 1}: dotnet test {dotnetTest[^1]:0.00} s, slipway test {slipwayTest[^1]:0.00} s");
        }

        var a = Stats.Median(dotnetTest);
        var b = Stats.Median(slipwayTest);
        var ratio = b / a;
        Console.WriteLine($"median: dotnet test {a:0.00} s, slipway test {b:0.00} s: {ratio:0.00}×");
        return new Figure("speed", "`slipway test` ÷ plain `dotnet test`, one-line change, build included (medians)", "≤ 1.2×", $"{ratio:0.00}× ({b:0.00} s vs {a:0.00} s)", ratio <= 1.2);
    }

    /// <summary>
    /// Both commands start from the environment Slipway gives its own test processes, so neither is measured with
    /// settings the other does not get (this machine's shell sets UseSharedCompilation=false and
    /// MSBUILDDISABLENODEREUSE=1, which `slipway test` does not pass on to its builds).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string?> Environment =
        StepEnvironment.Replacing(StepEnvironment.Base(System.Environment.GetEnvironmentVariable("HOME") ?? "/"));

    private static async Task<double> TimeAsync(string repository, string[] arguments, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(arguments)
            .WithEnvironmentVariables(Environment)
            .WithWorkingDirectory(repository)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {result.ExitCode}; the bench setup is broken:\n{result.StandardOutput}\n{result.StandardError}");
        }

        return seconds;
    }
}
