using System.Diagnostics;
using System.Net.Http.Json;
using Slipway.Bench.Reporting;
using Slipway.Bench.Setup;
using Slipway.Server.Pipelines;

namespace Slipway.Bench.Memory;

/// <summary>
/// `memory`: an idle server, measured twice. In this process (working set and GC heap, with the tool's GC settings),
/// and as the real `slipway server` process (resident set from /proc), each with no service and then with one
/// registered service that has had no rollout (its watched branch has no commit yet, so it only polls).
/// Run it on its own: the other benchmarks leave this process larger.
/// </summary>
internal static class MemoryBench
{
    private const double TargetMb = 150;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, CancellationToken ct)
    {
        var idle = TimeSpan.FromSeconds(context.Arguments.Int("--idle", 10));
        Console.WriteLine($"== memory: idle server, {idle.TotalSeconds:0} s idle; target < {TargetMb:0} MB");
        using var temp = TempFolder.Create("memory", context.Keep);
        var repo = await EmptyTrunkRepositoryAsync(temp.Sub("repo"), ct);

        var samples = new List<MemorySample>();
        await using (var bench = await BenchServer.StartAsync(temp.Sub("server"), ct))
        {
            samples.Add(MemorySample.Take("no service, after start-up"));
            await Task.Delay(idle, ct);
            samples.Add(MemorySample.Take($"no service, after {idle.TotalSeconds:0} s idle"));
            await bench.Server.Commands.RegisterAsync("hello", repo, "main", 0, 5, ct);
            samples.Add(MemorySample.Take("1 service (0 rollouts), after registering"));
            await Task.Delay(idle, ct);
            samples.Add(MemorySample.Take($"1 service (0 rollouts), after {idle.TotalSeconds:0} s idle"));
        }

        Console.WriteLine("In-process server (SlipwayServer.StartAsync in the bench process, workstation GC like the tool):");
        Console.WriteLine(Table.Render(["Moment", "Working set", "GC heap", "Allocated since start", "Gen-0 GCs"],
            samples.Select(s => (IReadOnlyList<string>)[s.Moment, Stats.Megabytes(s.WorkingSet), Stats.Megabytes(s.GcHeap), Stats.Megabytes(s.Allocated), s.Gen0Collections.ToString(System.Globalization.CultureInfo.InvariantCulture)])));

        var cli = await MeasureToolAsync(context.RepoRoot, temp.Sub("tool"), repo, idle, ct);
        var worst = samples.Max(s => s.WorkingSet);
        var figures = new List<Figure>
        {
            new("memory", "idle server working set, in-process (worst of 4 moments)", $"< {TargetMb:0} MB", Stats.Megabytes(worst), worst / 1024.0 / 1024.0 < TargetMb),
            new("memory", "idle server GC heap, in-process (worst)", "report", Stats.Megabytes(samples.Max(s => s.GcHeap)), null),
        };
        if (cli.Count > 0)
        {
            var rss = cli.Max(s => s.Rss);
            figures.Add(new Figure("memory", "idle `slipway server` process RSS (worst of 4 moments)", $"< {TargetMb:0} MB", Stats.Megabytes(rss), rss / 1024.0 / 1024.0 < TargetMb));
        }

        return figures;
    }

    /// <summary>A repository whose watched branch, main, has no commit yet: the service polls it but never rolls out.</summary>
    private static async Task<string> EmptyTrunkRepositoryAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(path);
        await Git.RunAsync(path, ct, "init", "--quiet", "--initial-branch=elsewhere");
        await File.WriteAllTextAsync(Path.Combine(path, "README"), "not on main\n", ct);
        await Git.RunAsync(path, ct, "add", "--all");
        await Git.RunAsync(path, ct, "-c", "user.name=Slipway Bench", "-c", "user.email=bench@slipway.invalid", "commit", "--quiet", "-m", "not on main");
        return path;
    }

    /// <summary>Runs the built `slipway server` (Release) as its own process and reads its resident set from /proc.</summary>
    private static async Task<IReadOnlyList<(string Moment, long Rss)>> MeasureToolAsync(string repoRoot, string data, string repo, TimeSpan idle, CancellationToken ct)
    {
        var dll = Path.Combine(repoRoot, "src", "Slipway.Cli", "bin", "Release", "net10.0", "Slipway.Cli.dll");
        if (!File.Exists(dll) || !File.Exists("/proc/self/status"))
        {
            Console.WriteLine($"(skipped the `slipway server` process: build it first with `dotnet build -c Release src/Slipway.Cli`; looked for {dll})");
            return [];
        }

        var port = Slipway.Core.Net.Ports.FindFree();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "server", "--url", $"http://127.0.0.1:{port}", "--data", data })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start slipway server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var results = new List<(string, long)>();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    // The server writes its admin token on first start; until then the API answers 401.
                    var tokenFile = Path.Combine(data, "admin-token");
                    if (http.DefaultRequestHeaders.Authorization is null && File.Exists(tokenFile))
                    {
                        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile, ct)).Trim());
                    }

                    using var response = await http.GetAsync(new Uri("api/services", UriKind.Relative), ct);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                }

                await Task.Delay(50, ct);
            }

            results.Add(("no service, after start-up", Rss(process.Id)));
            await Task.Delay(idle, ct);
            results.Add(($"no service, after {idle.TotalSeconds:0} s idle", Rss(process.Id)));
            using (var response = await http.PostAsJsonAsync(new Uri("api/services", UriKind.Relative), new { name = "hello", repository = repo, branch = "main" }, ct))
            {
                response.EnsureSuccessStatusCode();
            }

            results.Add(("1 service (0 rollouts), after registering", Rss(process.Id)));
            await Task.Delay(idle, ct);
            results.Add(($"1 service (0 rollouts), after {idle.TotalSeconds:0} s idle", Rss(process.Id)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        Console.WriteLine("The real `slipway server` process (dotnet Slipway.Cli.dll server, Release build):");
        Console.WriteLine(Table.Render(["Moment", "RSS (VmRSS)"], results.Select(r => (IReadOnlyList<string>)[r.Item1, Stats.Megabytes(r.Item2)])));
        return results;
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
