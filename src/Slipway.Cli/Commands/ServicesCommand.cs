using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway services &lt;verb&gt;`: one file per verb.</summary>
internal static class ServicesCommand
{
    public static Command Create() => new("services", "the services Slipway watches: add, list, remove")
    {
        ServicesAddCommand.Create(),
        ServicesListCommand.Create(),
        ServicesRemoveCommand.Create(),
    };
}
