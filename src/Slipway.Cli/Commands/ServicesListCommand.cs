using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway services list [--json]`: every registered service, its repository, branch and front door.</summary>
internal static class ServicesListCommand
{
    public static Command Create()
    {
        var json = JsonOutput.Option("the services");
        var server = CliOptions.Server();
        var command = new Command("list", "the registered services: repository, branch, production version, front door") { json, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (services, error) = await api.SendAsync<List<ServiceSummary>>(HttpMethod.Get, "api/services", null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, services);
            return 0;
        }

        await stdout.WriteLineAsync($"{services!.Count} service(s)");
        if (services.Count == 0)
        {
            return 0;
        }

        var n = Math.Max(4, services.Max(s => s.Name.Length));
        var r = Math.Max(10, services.Max(s => s.Repository.Length));
        await stdout.WriteLineAsync($"{"NAME".PadRight(n)}  {"REPOSITORY".PadRight(r)}  {"BRANCH",-10}  {"PRODUCTION",-10}  FRONT DOOR");
        foreach (var s in services)
        {
            var production = s.ProductionVersion is { } v ? v[..Math.Min(7, v.Length)] : "none";
            await stdout.WriteLineAsync($"{s.Name.PadRight(n)}  {s.Repository.PadRight(r)}  {s.Branch,-10}  {production + (s.Paused ? " (paused)" : string.Empty),-10}  {s.FrontDoor}");
        }

        return 0;
    }
}
