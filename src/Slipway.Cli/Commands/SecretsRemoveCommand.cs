using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway secrets remove &lt;service&gt; NAME`: removes a secret; instances started from then on no longer get it.</summary>
internal static class SecretsRemoveCommand
{
    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var name = SecretsCommand.NameArgument();
        var server = CliOptions.Server();
        var command = new Command("remove", "remove a secret") { service, name, server };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(server)!, parse.GetValue(service)!, parse.GetValue(name)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, string service, string name, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (_, error) = await api.SendAsync<object>(HttpMethod.Delete, SecretsCommand.Path(service, name), null, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync($"{service}: secret {name} removed");
        return 0;
    }
}
