using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway flags delete &lt;key&gt; --service S [--json]`: removes a flag; every caller then gets its own default.</summary>
internal static class FlagsDeleteCommand
{
    public static Command Create() =>
        FlagKeyVerb.Create("delete", "remove a flag: every caller then gets its own default", "the change", HttpMethod.Delete, null, FlagKeyVerb.ChangeAsync);
}
