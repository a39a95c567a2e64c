using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using Slipway.Cli.Demo;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway demo adopt`: a service written with no Slipway in mind (samples/todo: EF Core on SQLite, health checks,
/// OpenTelemetry metrics) taken through as a team would: <c>slipway init</c> writes its slipway.yml, v1 is promoted,
/// v2 fails every twentieth list request and is rolled back by the immune system, v3 fixes it and is promoted. A todo
/// written through the front door before v2 is still there after v3: the database lives in SLIPWAY_DATA_DIR.
/// A rollback for lack of data does not count: the service has no http_requests_total, so the immune system needs the
/// front door's measurements (or the OpenTelemetry names) to catch v2 and to promote v3.
/// </summary>
internal static class AdoptDemoCommand
{
    private const string Service = "todo";
    private const string ApiFile = "src/Todo/TodoApi.cs";
    private const string FieldAnchor = "public const int MaxTitleLength = 200;";
    private const string CounterField = "public const int MaxTitleLength = 200;\n\n    private static int s_listed;";
    private const string GoodList = "TypedResults.Ok(await db.Todos.OrderBy(t => t.Id).Take(100).ToListAsync(ct));";
    private const string BadList = "Interlocked.Increment(ref s_listed) % 20 == 0\n            ? throw new InvalidOperationException(\"list failed\")\n            : TypedResults.Ok(await db.Todos.OrderBy(t => t.Id).Take(100).ToListAsync(ct));";
    private const int LoadPerSecond = 200;

    public static Command Create()
    {
        var verbose = CliOptions.Switch("--verbose", "show the server's log");
        var data = CliOptions.Text("--data", "keep the demo's data in this folder (default: a temporary folder, deleted afterwards)", "DIR");
        var command = new Command("adopt", "a service with no Slipway code: slipway init, promoted, a bad release rolled back, the fix promoted") { verbose, data };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(data), parse.GetValue(verbose), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? dataOption, bool verbose, TextWriter stdout, CancellationToken ct)
    {
        var sample = FindTodo();
        var data = dataOption ?? Path.Combine(Path.GetTempPath(), $"slipway-demo-adopt-{Guid.NewGuid():N}"[..28]);
        var output = new DemoOutput(stdout, Stopwatch.StartNew());
        output.Line($"Slipway demo: adopt samples/todo, a service with no Slipway code. Data in {data}");
        await using var host = await DemoServer.StartAsync(data, verbose, output, ct);
        var server = host.Server;
        server.Journal.Appended += (e, _) => output.Event(e);

        var repo = await SampleRepository.CreateAsync(sample, Path.Combine(data, Service), ct);
        using (var init = new StringWriter())
        {
            var code = await InitCommand.RunAsync(repo.Path, null, Service, force: false, init, init);
            output.Line($"slipway init (exit {code}):");
            foreach (var line in init.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                output.Line($"  {line}");
            }

            if (code != 0)
            {
                return 1;
            }
        }

        var releases = new List<DemoRelease>();
        var survived = false;
        LoadGenerator? load = null;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var scenario = new DemoScenario(server, repo, output);
            var v1 = await repo.CommitAsync("v1: deploy with Slipway (slipway.yml from slipway init)", ct);
            output.Line($"commit v1 {v1[..7]}: samples/todo as it is, with the slipway.yml that init wrote");
            await scenario.RegisterAsync(Service, ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v1", v1, ct));
            if (releases[^1].Outcome != "promoted")
            {
                throw new TimeoutException("v1 was not promoted; the rest of the demo needs it in production.");
            }

            var door = new Uri($"http://127.0.0.1:{server.FrontDoors.PortOf(Service)}/");
            (await http.PostAsJsonAsync(new Uri(door, "todos"), new { title = "written by v1" }, ct)).EnsureSuccessStatusCode();
            output.Line("POST /todos through the front door: \"written by v1\", into the database under SLIPWAY_DATA_DIR");
            load = new LoadGenerator(door, LoadPerSecond, "/todos");
            load.Start();
            scenario.Load = load;
            output.Line($"load: {LoadPerSecond} GET /todos per second through the front door");

            repo.Replace(ApiFile, FieldAnchor, CounterField);
            repo.Replace(ApiFile, GoodList, BadList);
            var v2 = await repo.CommitAsync("v2: a bug that fails every twentieth list", ct);
            output.Line($"commit v2 {v2[..7]}: GET /todos answers 500 for one request in twenty; its tests and /healthz still pass");
            await scenario.PushAsync(Service, ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v2", v2, ct));

            repo.Replace(ApiFile, BadList, GoodList);
            repo.Replace(ApiFile, CounterField, FieldAnchor);
            var v3 = await repo.CommitAsync("v3: fix the failing list", ct);
            output.Line($"commit v3 {v3[..7]}: the fix");
            await scenario.PushAsync(Service, ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v3", v3, ct));

            var todos = await http.GetStringAsync(new Uri(door, "todos"), ct);
            survived = todos.Contains("written by v1", StringComparison.Ordinal);
            output.Line(survived
                ? "GET /todos after v3's rollout: \"written by v1\" is still there (SLIPWAY_DATA_DIR outlives releases)"
                : $"UNEXPECTED: GET /todos after v3 lost the todo v1 stored: {todos}");
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
        {
            output.Line($"demo stopped: {ex.Message}");
        }
        finally
        {
            if (load is not null)
            {
                await load.DisposeAsync();
            }
        }

        var expected = new[] { ("promoted", (string?)null), ("rolled_back", "immune"), ("promoted", null) };

        // A rollback "for lack of data" is not the immune system catching the bug: the judge must have read the errors.
        var blind = releases.Where(r => r.Summary?.StartsWith("not enough data", StringComparison.Ordinal) == true).ToList();
        var ok = releases.Select(r => (r.Outcome, r.Reason)).SequenceEqual(expected) && blind.Count == 0 && survived;
        output.Blank();
        output.Line("summary:");
        foreach (var r in releases)
        {
            output.Line($"  {r.Label} {r.Version[..7]}  {r.Outcome}{(r.Reason is null ? string.Empty : $" ({r.Reason})")}  waves {string.Join(",", r.Waves)}");
            if (r.Outcome != "promoted" && r.Summary is not null)
            {
                output.Line($"      why: {r.Summary}");
            }
        }

        if (blind.Count > 0)
        {
            output.Line($"  {string.Join(", ", blind.Select(r => r.Label))}: rolled back for lack of data, not on evidence. The judge found no request metrics");
            output.Line("  it understands: it needs the front door's own measurements, or the OpenTelemetry names samples/todo exports.");
        }

        output.Line(ok
            ? "  all outcomes as expected: promoted, rolled back (immune), promoted; the data survived every release"
            : "  UNEXPECTED: the outcomes differ from promoted, rolled back (immune), promoted with the data kept");
        await host.DisposeAsync();
        if (dataOption is null)
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return ok ? 0 : 1;
    }

    private static string FindTodo()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "todo");
                if (File.Exists(Path.Combine(candidate, "Todo.slnx")))
                {
                    return candidate;
                }
            }
        }

        throw new UsageException("cannot find samples/todo: run the demo from the Slipway repository.");
    }
}
