using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway status [service] [--json] [--watch]`: the fleet by version, the rollouts with their reasons and current
/// step, and the recent runs with their failing tests. <c>--json</c> prints the API's view; <c>--watch</c> follows what
/// is running until nothing is (see <see cref="StatusWatch"/>).
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var service = new Argument<string?>("service") { Description = "one service in detail: its fleet, rollouts and runs", Arity = ArgumentArity.ZeroOrOne };
        var server = CliOptions.Server();
        var json = CliOptions.Switch("--json", "print the API's view as JSON (with --watch: one JSON document per line, each time it changes)");
        var watch = CliOptions.Switch("--watch", "follow the current step, wave, instances and bake live until nothing is running (Ctrl+C stops)");
        var command = new Command("status", "fleet, rollouts and runs") { service, server, json, watch };
        command.SetAction((parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var name = parse.GetValue(service);
            var uri = parse.GetValue(server)!;
            if (parse.GetValue(watch))
            {
                var live = !parse.GetValue(json) && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
                return StatusWatch.RunAsync(uri, name, parse.GetValue(json), live, StatusWatch.DefaultInterval, stdout, stderr, ct);
            }

            return parse.GetValue(json) ? JsonAsync(uri, name, stdout, stderr, ct) : RunAsync(uri, name, stdout, stderr, ct);
        });
        return command;
    }

    internal static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The API's answer, as JSON: the list of services, or one service's status.</summary>
    public static async Task<int> JsonAsync(Uri server, string? name, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Get, Path(name), null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync(JsonSerializer.Serialize(body, Indented));
        return 0;
    }

    internal static string Path(string? name) => name is null ? "api/services" : $"api/services/{Uri.EscapeDataString(name)}";

    public static async Task<int> RunAsync(Uri server, string? name, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        if (name is null)
        {
            var (list, error) = await api.SendAsync<List<ServiceSummary>>(HttpMethod.Get, "api/services", null, ct);
            if (error is not null)
            {
                await stderr.WriteLineAsync(error);
                return 1;
            }

            foreach (var s in list!)
            {
                await stdout.WriteLineAsync(Line(s));
            }

            if (list.Count == 0)
            {
                await stdout.WriteLineAsync("no services registered; add one with 'slipway services add <name> <repository>'");
            }

            return 0;
        }

        var (status, err) = await api.SendAsync<ServiceStatus>(HttpMethod.Get, Path(name), null, ct);
        if (err is not null)
        {
            await stderr.WriteLineAsync(err);
            return 1;
        }

        foreach (var line in Detail(status!))
        {
            await stdout.WriteLineAsync(line);
        }

        return 0;
    }

    /// <summary>One service in detail, as lines: summary, fleet (with a crashed instance's last output), rollouts, runs.</summary>
    public static IEnumerable<string> Detail(ServiceStatus status)
    {
        yield return Line(status.Service);
        if (status.Bake is { } bake)
        {
            yield return $"  bake: {bake.Line}";
        }

        foreach (var guarded in status.Flags ?? [])
        {
            yield return $"  {guarded.Line}";
        }

        yield return "fleet:";
        foreach (var i in status.Fleet)
        {
            var exit = i.LastExitCode is { } code ? $"  last exit {code.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            yield return $"  {i.Id,-24} {Short(i.Version)}  {i.State,-10} {(i.Routed ? "routed" : "-"),-7} port {i.Port?.ToString(CultureInfo.InvariantCulture) ?? "-"}  restarts {i.Restarts}{exit}";
            if (i.State is "backoff" or "failed" && i.Output is { } output)
            {
                foreach (var line in Quoted(output, "    | "))
                {
                    yield return line;
                }
            }
        }

        yield return "rollouts:";
        foreach (var r in status.Rollouts.Take(10))
        {
            foreach (var line in Rollout(r))
            {
                yield return line;
            }
        }

        if (status.Contracts is { Count: > 0 } contracts)
        {
            yield return "contract migrations:";
            foreach (var c in contracts.Take(10))
            {
                var ack = c.AcknowledgedBy is null ? string.Empty : $" (acknowledged by {c.AcknowledgedBy}: {c.AcknowledgedReason})";
                yield return $"  {c.File,-32} {Short(c.Version)}  {c.State}: {c.WaitingFor}{ack}";
            }
        }

        yield return "runs:";
        foreach (var r in status.Runs.Take(10))
        {
            foreach (var line in Run(r))
            {
                yield return line;
            }
        }
    }

    public static IEnumerable<string> Rollout(RolloutSummary r)
    {
        var why = r.Summary is null ? string.Empty : $": {r.Summary}";
        var step = r.CurrentStep is null ? string.Empty : $" [{r.CurrentStep}]";
        yield return $"  {r.RolloutId,-12} {Short(r.Version)}  {r.Outcome}{step}{(r.Reason is null ? string.Empty : $" ({r.Reason})")}{why}";
        if (r.Bake is { } bake)
        {
            yield return "    " + Bake(bake);
        }

        if (r.Output is { } output)
        {
            yield return "    last output of the crashed instance:";
            foreach (var line in Quoted(output, "    | "))
            {
                yield return line;
            }
        }
    }

    public static IEnumerable<string> Run(RunSummary r)
    {
        var failure = r.FailedStep is null ? string.Empty : $" at {r.FailedStep}: {r.Message}";
        var step = r.CurrentStep is null ? string.Empty : $" ({r.CurrentStep})";
        yield return $"  {r.RunId,-12} {Short(r.Commit)}  {r.Status}{step}{failure}";
        foreach (var t in r.FailedTests ?? [])
        {
            yield return $"    FAILED {t.Test}";
            foreach (var line in Quoted(t.Message, "      "))
            {
                yield return line;
            }
        }
    }

    public static string Bake(BakeView b) =>
        $"bake wave {b.Wave}/{b.Waves}: {b.ElapsedSeconds.ToString("0", CultureInfo.InvariantCulture)} of {b.BakeSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s{(b.Extended ? " (extended)" : string.Empty)}: {b.Summary}";

    public static string Line(ServiceSummary s)
    {
        var versions = string.Join(", ", s.InstancesByVersion.Select(p => $"{Short(p.Key)}×{p.Value}"));
        var state = s.Paused ? " [paused]" : string.Empty;
        var rolling = s.ActiveRollout is null ? string.Empty : $", rolling out ({s.ActiveRollout})";
        var problem = s.Problem is null ? string.Empty : $"\n  FAILED: {s.Problem}";
        return $"{s.Name}{state}: production {(s.ProductionVersion is null ? "none" : Short(s.ProductionVersion))}, {s.Instances} instance(s) [{versions}]{rolling}; front door {s.FrontDoor}{problem}";
    }

    private static IEnumerable<string> Quoted(string text, string prefix) =>
        text.ReplaceLineEndings("\n").Split('\n').Where(l => l.Length > 0).Select(l => prefix + l);

    internal static string Short(string version) => version.Length > 7 ? version[..7] : version;
}
