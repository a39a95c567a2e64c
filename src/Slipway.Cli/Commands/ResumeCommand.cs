using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway resume &lt;service&gt;`: release the next wave.</summary>
internal static class ResumeCommand
{
    public static Command Create() => ServiceAction.Create("resume", "release the next wave");
}
