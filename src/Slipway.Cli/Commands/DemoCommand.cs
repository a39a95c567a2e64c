using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Cli.Demo;
using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway demo`: the whole loop for real on this machine. An embedded server and agent, a git repository made
/// from samples/hello, steady load through the front door, and five commits: v1 is promoted, v2 breaks its self-test
/// and is rolled back, v3 fixes it, v4 fails 5% of requests and the immune system rolls it back, v5 fixes that. Then
/// the database (a SQLite file every greeting reads): v6 renames a column in place and is blocked at migrate, v7 does it
/// as expand and is promoted with old and new instances on one database, v8's contract drops the old column only after
/// its watch window.
/// </summary>
internal static class DemoCommand
{
    private const string GreetingFile = "src/Hello/GreetingOptions.cs";
    private const string FaultsFile = "src/Hello/Faults.cs";
    private const int LoadPerSecond = 300;

    public static Command Create()
    {
        var json = CliOptions.Switch("--json", "print the outcome as JSON at the end");
        var keep = CliOptions.Switch("--keep", "keep the server running afterwards (Ctrl+C stops it)");
        var verbose = CliOptions.Switch("--verbose", "show the server's log");
        var data = CliOptions.Text("--data", "keep the demo's data in this folder (default: a temporary folder, deleted afterwards)", "DIR");
        var sample = CliOptions.Text("--sample", "the sample service to deploy (default: samples/hello of this repository)", "DIR");
        var command = new Command("demo", "commit to production on this machine, for real") { json, keep, verbose, data, sample, TestsDemoCommand.Create(), AdoptDemoCommand.Create() };
        command.SetAction((parse, ct) => RunAsync(
            new DemoSettings(parse.GetValue(data), parse.GetValue(sample), parse.GetValue(json), parse.GetValue(keep), parse.GetValue(verbose)), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    public static async Task<int> RunAsync(DemoSettings settings, TextWriter stdout, CancellationToken ct)
    {
        var sample = settings.Sample ?? SampleRepository.FindSample();
        var data = settings.Data ?? Path.Combine(Path.GetTempPath(), $"slipway-demo-{Guid.NewGuid():N}"[..22]);
        var clock = Stopwatch.StartNew();
        var output = new DemoOutput(stdout, clock);

        output.Line($"Slipway demo: data in {data}");
        await using var host = await DemoServer.StartAsync(data, settings.Verbose, output, ct);
        var server = host.Server;
        output.Line($"console: {new Uri(server.Address, "console")} (log in with the token in {server.Tokens.AdminTokenFile}); it follows the demo live");
        server.Journal.Appended += (e, _) =>
        {
            var (handled, line) = FlagsDemo.Describe(e);
            if (!handled)
            {
                output.Event(e);
            }
            else if (line is not null)
            {
                output.Line(line);
            }
        };

        var repo = await SampleRepository.CreateAsync(sample, Path.Combine(data, "hello"), ct);
        FlagsDemo.PrepareRepository(sample, repo.Path, server.Address);
        MigrationsDemo.PrepareRepository(repo.Path);
        var database = MigrationsDemo.PrepareDatabase(data);
        var migrations = new MigrationsDemo(server);
        var scenario = new DemoScenario(server, repo, output);
        var releases = new List<DemoRelease>();
        var flagSteps = new List<FlagsDemoStep>();
        FlagsDemoGuarded? guarded = null;
        Slipway.Core.Services.ContractMigration? contract = null;
        LoadGenerator? load = null;
        try
        {
            var v1 = await repo.CommitAsync("v1: hello service", ct);
            output.Line($"commit v1 {v1[..7]}: the sample service, with its guests table in a SQLite database (migrations/001_create_guests.sql)");
            await scenario.RegisterAsync("hello", ct);

            // The secret is there long before the first run reaches migrate (it builds and tests first).
            await migrations.SetSecretAsync(database, ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v1", v1, ct));

            // Load starts once there is a service to load: from here on, every rollout happens under traffic.
            load = new LoadGenerator(new Uri($"http://127.0.0.1:{server.FrontDoors.PortOf("hello")}/"), LoadPerSecond);
            load.Start();
            scenario.Load = load;
            output.Line($"load: {LoadPerSecond} requests/s through the front door, so the immune system has traffic to judge");

            repo.Replace(GreetingFile, "\"Greeting:Text\"", "\"Greeting:Message\"");
            var v2 = await repo.CommitAsync("v2: read the greeting from Greeting:Message (config not updated)", ct);
            output.Line($"commit v2 {v2[..7]}: the code reads Greeting:Message, but appsettings.json still says Greeting:Text");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v2", v2, ct));

            repo.Replace("src/Hello/appsettings.json", "\"Text\": \"Hello\"", "\"Message\": \"Hello\"");
            var v3 = await repo.CommitAsync("v3: rename the setting in appsettings.json too", ct);
            output.Line($"commit v3 {v3[..7]}: the fix, the setting renamed in appsettings.json too");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v3", v3, ct));

            repo.Replace(FaultsFile, "ErrorEveryNth = 0;", "ErrorEveryNth = 20;");
            var v4 = await repo.CommitAsync("v4: a bug that fails one greeting in twenty", ct);
            output.Line($"commit v4 {v4[..7]}: passes its self-test, but fails 5% of greetings (a real bug)");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v4", v4, ct));

            repo.Replace(FaultsFile, "ErrorEveryNth = 20;", "ErrorEveryNth = 0;");
            var v5 = await repo.CommitAsync("v5: fix the failing greetings", ct);
            output.Line($"commit v5 {v5[..7]}: the fix");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v5", v5, ct));

            if (releases[^1].Outcome == "promoted")
            {
                flagSteps = await FlagsDemo.RunAsync(server, server.FrontDoors.PortOf("hello")!.Value, output, ct);
                guarded = await FlagsDemo.RunGuardedAsync(server, server.FrontDoors.PortOf("hello")!.Value, output, ct);
            }

            MigrationsDemo.RenameInPlace(repo);
            var v6 = await repo.CommitAsync("v6: rename guests.name to display_name in place", ct);
            output.Line($"commit v6 {v6[..7]}: ALTER TABLE guests RENAME COLUMN name TO display_name, and the code reads the new name");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v6", v6, ct));

            MigrationsDemo.Expand(repo);
            var v7 = await repo.CommitAsync("v7: the rename as expand: add display_name, write both, backfill", ct);
            output.Line($"commit v7 {v7[..7]}: expand instead: add display_name, write both columns, backfill; read display_name");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v7", v7, ct));

            MigrationsDemo.Contract(repo);
            var v8 = await repo.CommitAsync("v8: stop writing guests.name; contract: drop it", ct);
            output.Line($"commit v8 {v8[..7]}: stops writing name; its contract {MigrationsDemo.ContractFile} drops the column after the watch window");
            await scenario.PushAsync("hello", ct);
            releases.Add(await scenario.WaitForOutcomeAsync("v8", v8, ct));
            if (releases[^1].Outcome == "promoted")
            {
                contract = await migrations.WaitForContractAsync(v8, output, ct);
            }
        }
        catch (TimeoutException ex)
        {
            output.Line($"demo timed out: {ex.Message}");
        }
        finally
        {
            if (load is not null)
            {
                await load.DisposeAsync();
            }
        }

        var production = server.Journal.Read(s => (Version: s.Services["hello"].ProductionVersion, Instances: s.Fleet.ForService("hello").Count(i => i.Version == s.Services["hello"].ProductionVersion)));
        var expected = new[]
        {
            ("promoted", (string?)null), ("rolled_back", "selftest"), ("promoted", null), ("rolled_back", "immune"), ("promoted", null),
            ("failed", "migrate"), ("promoted", null), ("promoted", null),
        };
        var ok = releases.Count == expected.Length
            && releases.Select(r => (r.Outcome, r.Reason)).SequenceEqual(expected)
            && production.Version == releases[^1].Version
            && production.Instances == 7;
        var blocked = releases.ElementAtOrDefault(5)?.Summary ?? string.Empty;
        var expandFailed = releases.ElementAtOrDefault(6)?.Evidence?.GetValueOrDefault("failed_during_rollout") as int?;
        var migrationsOk = blocked.Contains("renaming-column at migrations/002_rename_name.sql", StringComparison.Ordinal)
            && blocked.Contains("old-code-fails", StringComparison.Ordinal)
            && expandFailed == 0
            && contract?.State == Slipway.Core.Services.ContractState.Applied;
        var flagsOk = flagSteps.Select(f => f.Percent).SequenceEqual([10, 100]) && flagSteps.All(f => f.AsExpected) && guarded is { AsExpected: true };

        output.Blank();
        output.Line("summary:");
        foreach (var r in releases)
        {
            var timings = string.Join(", ", r.Timings.Select(t => $"{t.Key} {t.Value:0.0}s"));
            output.Line($"  {r.Label} {r.Version[..7]}  {r.Outcome}{(r.Reason is null ? string.Empty : $" ({r.Reason})")}  waves {string.Join(",", r.Waves)}  [{timings}]");
            if (r.Outcome == "rolled_back" && r.Summary is not null)
            {
                output.Line($"      why: {r.Summary}");
            }

            if (r.Outcome == "failed" && r.Summary is not null)
            {
                foreach (var line in r.Summary.Split('\n').Where(l => l.TrimStart().StartsWith("renaming-", StringComparison.Ordinal) || l.TrimStart().StartsWith("old-code-", StringComparison.Ordinal)))
                {
                    var text = line.Trim();
                    output.Line($"      why: {(text.Length > 400 ? text[..400] + "…" : text)}");
                }
            }

            if (r.Evidence?.GetValueOrDefault("requests_during_rollout") is int total && total > 0)
            {
                output.Line($"      load during the rollout: {total} requests, {r.Evidence["failed_during_rollout"]} failed");
            }
        }

        output.Line($"  production: {(production.Version is null ? "none" : production.Version[..7])} on {production.Instances} instance(s)");
        foreach (var step in flagSteps)
        {
            output.Line($"  flag {FlagsDemo.Flag} at {step.Percent} %: observed {step.Observed.ToString("P1", CultureInfo.InvariantCulture)} of {step.Users:N0} users{(step.AsExpected ? string.Empty : " (UNEXPECTED)")}");
        }

        output.Line(flagSteps.Select(f => f.Percent).SequenceEqual([10, 100]) && flagSteps.All(f => f.AsExpected)
            ? $"  flag released with no deploy: {FlagsDemo.Flag} on for 10 %, then 100 % of users, each within 3 points"
            : $"  UNEXPECTED: the {FlagsDemo.Flag} steps did not reach 10 % and 100 % of users within 3 points");
        output.Line(guarded is { AsExpected: true }
            ? $"  guarded flag turned off with no deploy: {guarded.Evidence}"
            : $"  UNEXPECTED: the guarded rollout of {FlagsDemo.GuardedFlag} was not rolled back ({guarded?.Evidence ?? "it did not run"})");
        output.Line(contract?.State == Slipway.Core.Services.ContractState.Applied
            ? $"  contract {MigrationsDemo.ContractFile} waited for v8's promotion and watch window, then ran: {contract.Note}"
            : $"  UNEXPECTED: the contract {MigrationsDemo.ContractFile} did not run after the watch window ({contract?.State.ToString() ?? "not journaled"})");
        output.Line(ok && migrationsOk
            ? "  all outcomes as expected: promoted, rolled back (selftest), promoted, rolled back (immune), promoted, blocked at migrate (renaming-column, old code fails), promoted (expand, 0 failed requests), promoted (contract after the watch window)"
            : "  UNEXPECTED: the outcomes differ from promoted, rolled back (selftest), promoted, rolled back (immune), promoted, blocked at migrate, promoted, promoted with the contract run after the watch window");

        if (settings.Json)
        {
            await stdout.WriteLineAsync(Json(releases, production.Version, production.Instances, flagSteps, guarded, migrations));
        }

        if (settings.Keep)
        {
            var door = server.FrontDoors.PortOf("hello");
            await stdout.WriteLineAsync($"server running: API {server.Address}  front door http://127.0.0.1:{door}/  (Ctrl+C stops it)");
            await stdout.WriteLineAsync($"console: {new Uri(server.Address, "console")}  (token: {server.Tokens.AdminTokenFile})");
            await stdout.WriteLineAsync($"try: SLIPWAY_TOKEN=$(cat {server.Tokens.AdminTokenFile}) dotnet run --project src/Slipway.Cli -- status hello --server {server.Address}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await host.DisposeAsync();
        if (settings.Data is null && !settings.Keep)
        {
            TryDelete(data);
        }

        return ok && flagsOk && migrationsOk ? 0 : 1;
    }

    private static string Json(IReadOnlyList<DemoRelease> releases, string? productionVersion, int productionInstances, IReadOnlyList<FlagsDemoStep> flagSteps, FlagsDemoGuarded? guarded, MigrationsDemo migrations)
    {
        var last = releases.LastOrDefault(r => r.Outcome == "promoted");
        var doc = new Dictionary<string, object?>
        {
            ["releases"] = releases.Select(r => new Dictionary<string, object?>
            {
                ["version"] = r.Version,
                ["outcome"] = r.Outcome,
                ["reason"] = r.Reason,
                ["waves"] = r.Waves,
                ["instances"] = r.Instances,
                ["summary"] = r.Summary,
                ["evidence"] = r.Evidence,
                ["timings"] = r.Timings,
                ["migrations"] = migrations.Of(r.Version),
            }).ToList(),
            ["production"] = new Dictionary<string, object?> { ["version"] = productionVersion, ["instances"] = productionInstances },
            ["timings"] = last?.Timings ?? new Dictionary<string, double>(),
            ["flags"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["key"] = FlagsDemo.Flag,
                    ["steps"] = flagSteps.Select(f => new Dictionary<string, object?> { ["percent"] = f.Percent, ["observed"] = f.Observed, ["users"] = f.Users }).ToList(),
                },
                new Dictionary<string, object?>
                {
                    ["key"] = FlagsDemo.GuardedFlag,
                    ["guarded"] = true,
                    ["outcome"] = guarded?.Outcome,
                    ["at_percent"] = guarded?.AtPercent,
                    ["evidence"] = guarded?.Evidence,
                },
            },
        };
        return JsonSerializer.Serialize(doc);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
