using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway tokens create NAME --scope S [--host H | --service S]`: prints the new token, the only time it is shown.</summary>
internal static class TokensCreateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "who the token is for, as the journal will say (for example cli:alice)" };
        var scope = new Option<string>("--scope") { Description = "admin, deploy, read, agent (with --host) or sdk (with --service)", HelpName = "SCOPE", Required = true };
        scope.AcceptOnlyFromAmong("admin", "deploy", "read", "agent", "sdk");
        var host = CliOptions.Text("--host", "the one host an agent token reports for", "NAME");
        var service = CliOptions.Text("--service", "the one service an SDK key reads the flags of", "NAME");
        var server = CliOptions.Server();
        var command = new Command("create", "create a token; it is printed once") { name, scope, host, service, server };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(server)!,
            new CreateTokenRequest(parse.GetValue(name)!, parse.GetValue(scope)!, parse.GetValue(host), parse.GetValue(service)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(Uri server, CreateTokenRequest request, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (request.Scope == "agent" && string.IsNullOrEmpty(request.Host))
        {
            throw new UsageException("an agent token needs --host NAME.");
        }

        if (request.Scope == "sdk" && string.IsNullOrEmpty(request.Service))
        {
            throw new UsageException("an SDK key needs --service NAME.");
        }

        using var api = new ApiClient(server);
        var (created, error) = await api.SendAsync<CreatedToken>(HttpMethod.Post, "api/tokens", request, ct);
        if (error is not null)
        {
            await stderr.WriteLineAsync(error);
            return 1;
        }

        await stderr.WriteLineAsync($"token '{created!.Name}' ({created.Scope}{Bound(created.Host, created.Service)}); it is shown only now:");
        await stdout.WriteLineAsync(created.Token);
        return 0;
    }

    internal static string Bound(string? host, string? service) =>
        host is not null ? $", host {host}" : service is not null ? $", service {service}" : string.Empty;
}
