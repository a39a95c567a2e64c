using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway deploy|rollback|pause|resume|push`: one API call each.</summary>
internal static class ControlCommands
{
    private static readonly string[] Values = ["server"];

    public static async Task<int> DeployAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, Values, []);
        var service = a.Positional(0, "service");
        var commit = a.Positional(1, "commit");
        using var api = new ApiClient(a.ServerUrl());
        var (result, error) = await api.SendAsync<QueuedResponse>(HttpMethod.Post, $"api/services/{Uri.EscapeDataString(service)}/deploy", new DeployRequest(commit), ct);
        return await ReportAsync(result, error, stdout, stderr);
    }

    public static async Task<int> SimpleAsync(string verb, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = new Arguments(args, Values, []);
        var service = a.Positional(0, "service");
        using var api = new ApiClient(a.ServerUrl());
        var (result, error) = await api.SendAsync<QueuedResponse>(HttpMethod.Post, $"api/services/{Uri.EscapeDataString(service)}/{verb}", null, ct);
        return await ReportAsync(result, error, stdout, stderr);
    }

    private static async Task<int> ReportAsync(QueuedResponse? result, string? error, TextWriter stdout, TextWriter stderr)
    {
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stdout.WriteLineAsync($"{result!.Service}: {result.Message}");
        return 0;
    }
}
