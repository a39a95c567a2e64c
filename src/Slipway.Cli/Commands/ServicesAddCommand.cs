using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway services add &lt;name&gt; &lt;repository&gt;`: registers a service to watch.</summary>
internal static class ServicesAddCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "the service's name" };
        var repository = new Argument<string>("repository") { Description = "a local path or any URL git can clone" };
        var branch = CliOptions.Text("--branch", "the branch to watch (default: main)", "BRANCH");
        var port = CliOptions.Int("--port", "the front door's port (default: a free one)", "PORT");
        var poll = CliOptions.Double("--poll", "seconds between polls of the branch (default: 5)", "SECONDS");
        var server = CliOptions.Server();
        var command = new Command("add", "register a service: its repository is watched, built, tested and rolled out") { name, repository, branch, port, poll, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!,
            new RegisterServiceRequest(parse.GetValue(name)!, parse.GetValue(repository)!, parse.GetValue(branch), parse.GetValue(port), parse.GetValue(poll)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, RegisterServiceRequest request, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        var (summary, error) = await api.SendAsync<ServiceSummary>(HttpMethod.Post, "api/services", request, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync($"{summary!.Name}: watching {summary.Repository} ({summary.Branch}); front door {summary.FrontDoor}");
        return 0;
    }
}
