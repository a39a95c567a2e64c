using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway tests &lt;service&gt; [--top N] [--json] [--release TEST]`: the test history of a service. The slowest tests,
/// the flaky ones with their flake rates, the quarantined ones, the recent test runs with their seeds and verdicts, and
/// the live shard progress of a run that is testing now. <c>--release</c> takes a test out of quarantine.
/// </summary>
internal static class TestsCommand
{
    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var top = CliOptions.Int("--top", "how many of the slowest and flaky tests to list (default: 10)", minimum: 1);
        var json = CliOptions.Switch("--json", "print the history as JSON");
        var release = CliOptions.Text("--release", "take this test (its full name) out of quarantine", "TEST");
        var server = CliOptions.Server();
        var command = new Command("tests", "slowest, flaky and quarantined tests; recent seeds and verdicts") { service, top, json, release, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!,
            parse.GetValue(service)!,
            parse.GetValue(top) ?? 10,
            parse.GetValue(json),
            parse.GetValue(release),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string service, int top, bool json, string? release, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var path = $"api/services/{Uri.EscapeDataString(service)}/tests";
        if (release is { } test)
        {
            var (released, releaseError) = await api.SendAsync<QuarantineReleaseResponse>(HttpMethod.Delete, $"{path}/quarantine/{Uri.EscapeDataString(test)}", null, ct);
            if (releaseError is not null)
            {
                await stderr.WriteLineAsync(releaseError);
                return 1;
            }

            await stdout.WriteLineAsync($"{released!.Service}: {released.Message}");
            return 0;
        }

        var (history, error) = await api.SendAsync<TestHistoryResponse>(HttpMethod.Get, $"{path}?top={top.ToString(CultureInfo.InvariantCulture)}", null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(history, ApiClient.Json));
            return 0;
        }

        foreach (var line in Render(history!))
        {
            await stdout.WriteLineAsync(line);
        }

        return 0;
    }

    internal static IEnumerable<string> Render(TestHistoryResponse h)
    {
        yield return $"{h.Service}: {h.StageRuns} test run(s)";
        if (h.StageRuns == 0 && h.Running.Count == 0)
        {
            yield return "  no test-stage runs yet: list test projects under 'tests: projects:' in slipway.yml";
            yield break;
        }

        if (h.Running.Count > 0)
        {
            yield return "testing now:";
            foreach (var line in h.Running)
            {
                yield return $"  {line}";
            }
        }

        yield return "slowest:";
        foreach (var t in h.Slowest)
        {
            yield return $"  {Seconds(t.MeanSeconds),9}  {t.Test}  (last {Seconds(t.LastSeconds)}, {t.Runs} run(s))";
        }

        yield return "flaky:";
        if (h.Flaky.Count == 0)
        {
            yield return "  none";
        }

        foreach (var t in h.Flaky)
        {
            var series = string.Join(" ", t.FlakeRates.Select(p => Percent(p.Rate)));
            yield return $"  {Percent(t.FlakeRate),5}  {t.Test}  (flaky in {t.FlakyRuns} of {t.Runs} run(s); observed rates {series}){(t.Quarantined ? " [quarantined]" : string.Empty)}";
        }

        yield return "quarantined:";
        if (h.Quarantined.Count == 0)
        {
            yield return "  none";
        }

        foreach (var t in h.Quarantined)
        {
            var since = t.Since is { } at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "?";
            yield return $"  {t.Test}  since {since} ({t.RunId}), flake rate {Percent(t.FlakeRate)}, last {t.LastOutcome ?? "-"}; release with: slipway tests {h.Service} --release {t.Test}";
        }

        yield return "recent runs:";
        foreach (var r in h.RecentRuns)
        {
            yield return $"  {r.RunId,-12} {Short(r.Commit)}  {r.Outcome,-12} seed {r.Seed}, {r.ShardCount} shard(s), {r.Passed}/{r.Total} passed";
            if (r.FailFast?.Summary is { } fast)
            {
                yield return $"      fail fast: {fast}";
            }

            foreach (var t in r.Triage)
            {
                yield return $"      {(t.Kind == "order_dependent" ? "order-dependent" : t.Kind == "real" ? "real failure" : t.Kind)}: {t.Explanation}";
                if (t.Repro is not null && t.Kind is "order_dependent" or "real")
                {
                    yield return $"      repro: {t.Repro}";
                }
            }
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
