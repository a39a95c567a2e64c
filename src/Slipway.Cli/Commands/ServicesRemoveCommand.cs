using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway services remove &lt;name&gt; [--json]`: stops the service's instances, closes its front door and stops
/// watching it (admin scope). Refused while it rolls out or runs a pipeline.
/// </summary>
internal static class ServicesRemoveCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "the service's name" };
        var json = JsonOutput.Option("the answer");
        var server = CliOptions.Server();
        var command = new Command("remove", "stop a service's instances and front door, and stop watching it (admin)") { name, json, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(name)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string name, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (removed, error) = await api.SendAsync<QueuedResponse>(HttpMethod.Delete, $"api/services/{Uri.EscapeDataString(name)}", null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        if (json)
        {
            await JsonOutput.WriteAsync(stdout, removed);
            return 0;
        }

        await stdout.WriteLineAsync($"{removed!.Service}: {removed.Message}");
        return 0;
    }
}
