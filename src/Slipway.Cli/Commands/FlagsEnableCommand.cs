using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags enable &lt;key&gt; --service S [--json]`: turn the flag back on.</summary>
internal static class FlagsEnableCommand
{
    public static Command Create() =>
        FlagKeyVerb.Create("enable", "turn the flag back on", "the change", HttpMethod.Post, "enable", FlagKeyVerb.ChangeAsync);
}
