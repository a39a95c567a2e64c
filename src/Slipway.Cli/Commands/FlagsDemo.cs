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
    public const int UsersPerStep = 2000;
    private const string NewGreetingEnding = ". Nice to see you.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The sample is built outside this repository, so the SDK and the engine it references go under lib/ (the sample's
    /// csproj uses lib/ when present), and slipway.yml tells the instances where the flag server is.
    /// </summary>
    public static void PrepareRepository(string sample, string repository, Uri server)
    {
        var src = Path.GetFullPath(Path.Combine(sample, "..", "..", "src"));
        foreach (var project in new[] { "Slipway.Sdk", "Slipway.Flags" })
        {
            var from = Path.Combine(src, project);
            if (!File.Exists(Path.Combine(from, project + ".csproj")))
            {
                throw new UsageException($"cannot find {from}: the demo builds the sample with the SDK from this repository.");
            }

            CopyTree(from, Path.Combine(repository, "lib", project));
        }

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

    private static async Task WaitForFlagAsync(HttpClient api, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            using var response = await api.GetAsync($"api/services/hello/flags/{Flag}", ct);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"the promoted release did not create the flag {Flag}.");
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

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            if (Path.GetFileName(dir) is "bin" or "obj")
            {
                continue;
            }

            CopyTree(dir, Path.Combine(target, Path.GetFileName(dir)));
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
