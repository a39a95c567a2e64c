using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway services add &lt;name&gt; &lt;repository&gt;`: registers a service to watch.</summary>
internal static class ServicesCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, ["server", "branch", "port", "poll"], []);
        if (a.Positional(0, "sub-command (add)") != "add")
        {
            throw new UsageException($"unknown sub-command '{a.Positionals[0]}'; use 'services add <name> <repository>'.");
        }

        var request = new RegisterServiceRequest(a.Positional(1, "service name"), a.Positional(2, "repository"), a.Get("branch"), a.Int("port"), a.Double("poll"));
        using var api = new ApiClient(a.ServerUrl());
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
