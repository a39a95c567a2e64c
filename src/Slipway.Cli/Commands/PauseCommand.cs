using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway pause &lt;service&gt;`: hold the next wave (a running wave finishes its bake).</summary>
internal static class PauseCommand
{
    public static Command Create() => ServiceAction.Create("pause", "hold the next wave (a running wave finishes its bake)");
}
