using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway push &lt;service&gt;`: check the repository for a new commit now.</summary>
internal static class PushCommand
{
    public static Command Create() => ServiceAction.Create("push", "check the repository for a new commit now");
}
