using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>The <c>&lt;key&gt;</c> argument of the flag verbs.</summary>
internal static class FlagsKey
{
    public static Argument<string> Argument() => new("key") { Description = "the flag's key" };
}
