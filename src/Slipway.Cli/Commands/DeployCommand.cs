using System.CommandLine;
using Slipway.Server.Api;

namespace Slipway.Cli.Commands;

/// <summary>`slipway deploy &lt;service&gt; &lt;commit&gt;`: rolls out a commit (built already, or built now); refused while a rollout runs.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var service = ServiceAction.ServiceArgument();
        var commit = new Argument<string>("commit") { Description = "a commit sha, or a ref of the service's repository" };
        var server = CliOptions.Server();
        var command = new Command("deploy", "roll out a commit (refused while a rollout runs)") { service, commit, server };
        command.SetAction((parse, ct) => ServiceAction.RunAsync(
            parse.GetValue(server)!,
            HttpMethod.Post,
            ServiceAction.Path(parse.GetValue(service)!, "deploy"),
            new DeployRequest(parse.GetValue(commit)!),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }
}
