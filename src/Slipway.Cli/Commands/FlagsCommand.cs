namespace Slipway.Cli.Commands;

/// <summary>`slipway flags &lt;verb&gt;`: one file per verb.</summary>
internal static class FlagsCommand
{
    public const string Usage = "flags list|get <key>|set <key> <json|@file>|enable <key>|disable <key>|rollout <key> <percent>|import <file>|export  --service S [--environment E]";

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            throw new UsageException($"missing verb; use {Usage}.");
        }

        var rest = args[1..];
        return args[0] switch
        {
            "list" => FlagsListCommand.RunAsync(rest, stdout, stderr, ct),
            "get" => FlagsGetCommand.RunAsync(rest, stdout, stderr, ct),
            "set" => FlagsSetCommand.RunAsync(rest, stdout, stderr, ct),
            "enable" => FlagsEnableCommand.RunAsync(rest, stdout, stderr, ct),
            "disable" => FlagsDisableCommand.RunAsync(rest, stdout, stderr, ct),
            "rollout" => FlagsRolloutCommand.RunAsync(rest, stdout, stderr, ct),
            "import" => FlagsImportCommand.RunAsync(rest, stdout, stderr, ct),
            "export" => FlagsExportCommand.RunAsync(rest, stdout, stderr, ct),
            _ => throw new UsageException($"unknown verb '{args[0]}'; use {Usage}."),
        };
    }
}
