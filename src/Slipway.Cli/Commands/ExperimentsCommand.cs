using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway experiments &lt;verb&gt;`: one file per verb.</summary>
internal static class ExperimentsCommand
{
    public static Command Create() => new("experiments", "experiments on flags: how each variant converts") { ExperimentsResultsCommand.Create() };
}
