namespace Slipway.Cli.Commands;

/// <summary>`slipway experiments &lt;verb&gt;`: one file per verb.</summary>
internal static class ExperimentsCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        args.Length > 0 && args[0] == "results"
            ? ExperimentsResultsCommand.RunAsync(args[1..], stdout, stderr, ct)
            : throw new UsageException("use 'experiments results <key> --service S [--goal EVENT]'.");
}
