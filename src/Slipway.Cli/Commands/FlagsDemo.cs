using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Cli.Demo;
using Slipway.Core.Journal;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands;

/// <summary>
/// The demo's "deploy is not release" part. The sample ships the feature behind <c>new-greeting</c> (off); after the
/// last release is promoted, the flag goes to 10 % of users, then 100 %, through the API, with no deploy. Each step is
/// measured through the front door on distinct users, counting only answers from instances that already have the change.
/// </summary>
internal static class FlagsDemo
{
    public const string Flag = "new-greeting";

    /// <summary>The sample's second flag: its new variant fails 1 request in 20; the demo releases it with a guarded rollout.</summary>
    public const string GuardedFlag = "new-checkout";

    /// <summary>The guarded rollout's steps and minimum step time.</summary>
    public static readonly int[] GuardedSteps = [10, 50, 100];

    public const int GuardedMinStepSeconds = 10;

    private static readonly TimeSpan GuardedPatience = TimeSpan.FromMinutes(4);
    public const int UsersPerStep = 2000;
    private const string NewGreetingEnding = ". Nice to see you.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The sample is built outside this repository, so the SDK and the engine it references go under lib/ (the sample's
    /// csproj uses lib/ when present), and slipway.yml tells the instances where the flag server is.
    /// </summary>
    public static void PrepareRepository(string sample, string repository, Uri server)
    {
        SampleSource.CopyLibraries(Path.GetFullPath(Path.Combine(sample, "..", "..", "src")), repository, SampleSource.HelloLibraries);

        File.AppendAllText(
            Path.Combine(repository, "slipway.yml"),
            $"# Added by the demo: where the instances' Slipway SDK streams flags from.\nenv:\n  Slipway__ServerUrl: {server.AbsoluteUri}\n");
    }

    /// <summary>A line for the demo's timeline for a flag event; null to print nothing. Not a flag event: handled = false.</summary>
    public static (bool Handled, string? Line) Describe(SlipwayEvent e) => e switch
    {
        ReleaseFlagsDeclared d => (true, $"  config: flags file {d.Path} is valid"),
        ReleaseFlagsApplied a => (true, a.Created.Count > 0 ? $"flags: release {a.Version[..Math.Min(7, a.Version.Length)]} created {string.Join(", ", a.Created)} in {a.Environment} (off until released)" : null),
        FlagsChanged c when c.Action != "release" => (true, $"flags: {string.Join(", ", c.Flags.Select(f => f.Key))} {c.Action} by {c.By} in {c.Service}/{c.Environment}"),
        FlagsChanged => (true, null),
        FlagEventsReceived => (true, null),
        GuardedRolloutStarted g => (true, $"flags: guarded rollout of {g.Key} started by {g.By}"),
        GuardedStepStarted g => (true, $"  flags: {g.Key} step {g.Step + 1} at {g.Percent} %"),
        GuardedStepJudged g => (true, $"  flags: {g.Key} at {g.Percent} %: {g.Summary}"),
        GuardedRolloutEnded g => (true, $"  flags: {g.Summary}"),
        _ => (false, null),
    };

    public static async Task<List<FlagsDemoStep>> RunAsync(SlipwayServer server, int frontDoorPort, DemoOutput output, CancellationToken ct)
    {
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        // The demo's own server: it uses the admin token that server wrote on its first start.
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminToken);
        using var door = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri($"http://127.0.0.1:{frontDoorPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitForFlagAsync(api, ct);
        output.Line($"release, not deploy: {Flag} is in production and off; turning it on by percentage with no deploy");

        var steps = new List<FlagsDemoStep>();
        foreach (var percent in new[] { 10, 100 })
        {
            using var response = await api.PostAsJsonAsync($"api/services/hello/flags/{Flag}/rollout", new { percent, by = "demo" }, ct);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"rollout of {Flag} to {percent} % failed: {body}");
            }

            var version = body.GetProperty("version").GetInt64();
            var (observed, users) = await MeasureAsync(door, version, ct);
            var step = new FlagsDemoStep(percent, Math.Round(observed, 4), users, version);
            steps.Add(step);
            output.Line($"  {Flag} at {percent} %: {observed.ToString("P1", CultureInfo.InvariantCulture)} of {users:N0} distinct users see the new greeting through the front door{(step.AsExpected ? string.Empty : " (UNEXPECTED: more than 3 points off)")}");
        }

        return steps;
    }

    /// <summary>
    /// A guarded rollout of <see cref="GuardedFlag"/> (10 %, 50 %, 100 %), with users checking out through the front door
    /// meanwhile; the sample's new checkout fails 1 request in 20, so the cohort judge should turn the flag off by itself,
    /// with no deploy. Returns how it ended and the verdict's line.
    /// </summary>
    public static async Task<FlagsDemoGuarded> RunGuardedAsync(SlipwayServer server, int frontDoorPort, DemoOutput output, CancellationToken ct)
    {
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminToken);
        using var door = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri($"http://127.0.0.1:{frontDoorPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitForFlagAsync(api, GuardedFlag, ct);
        output.Line($"guarded rollout: {GuardedFlag} through {string.Join(", ", GuardedSteps.Select(p => $"{p} %"))}, each step at least {GuardedMinStepSeconds} s, judged on the flag-on cohort against the flag-off cohort");
        using (var response = await api.PostAsJsonAsync($"api/services/hello/flags/{GuardedFlag}/guarded", new { steps = GuardedSteps, minStepSeconds = GuardedMinStepSeconds, by = "demo" }, ct))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"guarded rollout of {GuardedFlag} failed to start: {await response.Content.ReadAsStringAsync(ct)}");
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var runId = Guid.NewGuid().ToString("N")[..6];
        var load = Task.Run(() => CheckoutLoadAsync(door, runId, stop.Token), ct);
        try
        {
            var deadline = TimeProvider.System.GetUtcNow() + GuardedPatience;
            while (true)
            {
                var guarded = JsonDocument.Parse(await api.GetStringAsync($"api/services/hello/flags/{GuardedFlag}/guarded", ct)).RootElement;
                var state = guarded.GetProperty("state").GetString()!;
                if (state is "completed" or "rolled_back" or "stopped")
                {
                    var result = new FlagsDemoGuarded(GuardedFlag, state, guarded.GetProperty("percent").GetInt32(), guarded.GetProperty("line").GetString()!);
                    output.Line($"  {result.Evidence}");
                    output.Line(result.AsExpected
                        ? $"  the immune system turned {GuardedFlag} off by itself, with no deploy"
                        : $"  UNEXPECTED: the guarded rollout of {GuardedFlag} ended {state}, not rolled_back");
                    return result;
                }

                if (TimeProvider.System.GetUtcNow() > deadline)
                {
                    throw new TimeoutException($"the guarded rollout of {GuardedFlag} did not end in {GuardedPatience.TotalMinutes:0} min: {guarded.GetProperty("line").GetString()}");
                }

                await Task.Delay(500, ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    /// <summary>New users checking out through the front door, 8 at a time, until stopped.</summary>
    private static async Task CheckoutLoadAsync(HttpClient door, string runId, CancellationToken ct)
    {
        var next = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var response = await door.GetAsync($"/checkout?user=checkout-{runId}-{Interlocked.Increment(ref next)}", ct);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Failures are what the judge counts from the SDK; a cancelled request is the end of the load.
                }
            }
        });
    }

    private static Task WaitForFlagAsync(HttpClient api, CancellationToken ct) => WaitForFlagAsync(api, Flag, ct);

    private static async Task WaitForFlagAsync(HttpClient api, string flag, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            using var response = await api.GetAsync($"api/services/hello/flags/{flag}", ct);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"the promoted release did not create the flag {flag}.");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>Share of distinct users answered with the new greeting, counting only answers at or above the flag version.</summary>
    private static async Task<(double Share, int Users)> MeasureAsync(HttpClient door, long version, CancellationToken ct)
    {
        var runId = Guid.NewGuid().ToString("N")[..6];
        var seen = new ConcurrentDictionary<string, bool>();
        await Parallel.ForEachAsync(Enumerable.Range(1, UsersPerStep), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            // Users are distinct within a step; each step asks new users, so no cache or stickiness can help.
            var user = $"demo-{runId}-{i}";
            var deadline = TimeProvider.System.GetUtcNow() + Patience;
            while (true)
            {
                using var response = await door.GetAsync($"/?user={Uri.EscapeDataString(user)}", token);
                var text = await response.Content.ReadAsStringAsync(token);
                var fresh = response.Headers.TryGetValues("X-Flags-Version", out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= version;
                if (response.IsSuccessStatusCode && fresh)
                {
                    seen[user] = text.EndsWith(NewGreetingEnding, StringComparison.Ordinal);
                    return;
                }

                if (TimeProvider.System.GetUtcNow() > deadline)
                {
                    throw new TimeoutException($"no instance answered {user} with flags version {version} or later.");
                }

                await Task.Delay(50, token);
            }
        });
        return ((double)seen.Values.Count(x => x) / seen.Count, seen.Count);
    }
}
