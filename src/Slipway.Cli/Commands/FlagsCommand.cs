using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags &lt;verb&gt;`: one file per verb.</summary>
internal static class FlagsCommand
{
    public static Command Create() => new("flags", "feature flags of a service (flagd format): list, change, delete, import, export")
    {
        FlagsListCommand.Create(),
        FlagsGetCommand.Create(),
        FlagsSetCommand.Create(),
        FlagsEnableCommand.Create(),
        FlagsDisableCommand.Create(),
        FlagsRolloutCommand.Create(),
        FlagsDeleteCommand.Create(),
        FlagsImportCommand.Create(),
        FlagsExportCommand.Create(),
    };
}
