using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway status [service]`: the fleet by version, the rollouts with their reasons, and the recent runs.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var service = new Argument<string?>("service") { Description = "one service in detail: its fleet, rollouts and runs", Arity = ArgumentArity.ZeroOrOne };
        var server = CliOptions.Server();
        var command = new Command("status", "fleet, rollouts and runs") { service, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(service), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

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

        var (status, err) = await api.SendAsync<ServiceStatus>(HttpMethod.Get, $"api/services/{Uri.EscapeDataString(name)}", null, ct);
        if (err is not null)
        {
            await stderr.WriteLineAsync(err);
            return 1;
        }

        await stdout.WriteLineAsync(Line(status!.Service));
        if (status.Bake is { } bake)
        {
            await stdout.WriteLineAsync($"  bake: {bake.Line}");
        }

        await stdout.WriteLineAsync("fleet:");
        foreach (var i in status.Fleet)
        {
            await stdout.WriteLineAsync($"  {i.Id,-24} {Short(i.Version)}  {i.State,-10} {(i.Routed ? "routed" : "-"),-7} port {i.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}  restarts {i.Restarts}");
        }

        await stdout.WriteLineAsync("rollouts:");
        foreach (var r in status.Rollouts.Take(10))
        {
            var why = r.Summary is null ? string.Empty : $": {r.Summary}";
            await stdout.WriteLineAsync($"  {r.RolloutId,-12} {Short(r.Version)}  {r.Outcome}{(r.Reason is null ? string.Empty : $" ({r.Reason})")}{why}");
        }

        await stdout.WriteLineAsync("runs:");
        foreach (var r in status.Runs.Take(10))
        {
            var failure = r.FailedStep is null ? string.Empty : $" at {r.FailedStep}: {r.Message}";
            await stdout.WriteLineAsync($"  {r.RunId,-12} {Short(r.Commit)}  {r.Status}{failure}");
        }

        return 0;
    }

    private static string Line(ServiceSummary s)
    {
        var versions = string.Join(", ", s.InstancesByVersion.Select(p => $"{Short(p.Key)}×{p.Value}"));
        var state = s.Paused ? " [paused]" : string.Empty;
        var rolling = s.ActiveRollout is null ? string.Empty : $", rolling out ({s.ActiveRollout})";
        var problem = s.Problem is null ? string.Empty : $"\n  FAILED: {s.Problem}";
        return $"{s.Name}{state}: production {(s.ProductionVersion is null ? "none" : Short(s.ProductionVersion))}, {s.Instances} instance(s) [{versions}]{rolling}; front door {s.FrontDoor}{problem}";
    }

    private static string Short(string version) => version.Length > 7 ? version[..7] : version;
}
