using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags disable &lt;key&gt; --service S [--json]`: the kill switch: every caller gets its own default.</summary>
internal static class FlagsDisableCommand
{
    public static Command Create() =>
        FlagKeyVerb.Create("disable", "the kill switch: every caller gets its own default", "the change", HttpMethod.Post, "disable", FlagKeyVerb.ChangeAsync);
}
