using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>What deploy, rollback, pause, resume and push share: a service argument, <c>--server</c>, one POST, one line.</summary>
internal static class ServiceAction
{
    public static Argument<string> ServiceArgument() => new("service") { Description = "the service's name" };

    /// <summary><c>slipway {verb} &lt;service&gt;</c>: POST api/services/{service}/{verb} with no body.</summary>
    public static Command Create(string verb, string description)
    {
        var service = ServiceArgument();
        var server = CliOptions.Server();
        var command = new Command(verb, description) { service, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!, HttpMethod.Post, Path(parse.GetValue(service)!, verb), null, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static string Path(string service, string verb) => $"api/services/{Uri.EscapeDataString(service)}/{verb}";

    public static async Task<int> RunAsync(Uri server, HttpMethod method, string path, object? body, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (result, error) = await api.SendAsync<QueuedResponse>(method, path, body, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync($"{result!.Service}: {result.Message}");
        return 0;
    }
}
