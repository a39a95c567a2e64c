namespace Slipway.Core.Services;

/// <summary>
/// The trigger words: what started a run or a rollout (docs/glossary.md). A <c>slipway deploy</c> is the trigger
/// <see cref="Deploy"/>, the verb's own word; journals written before it was named so say "manual", read as deploy.
/// </summary>
public static class Triggers
{
    /// <summary>A new commit on the watched branch: a webhook, a poll or <c>slipway push</c>.</summary>
    public const string Push = "push";

    /// <summary>A person asked for a given commit: <c>slipway deploy</c>.</summary>
    public const string Deploy = "deploy";

    /// <summary>A person asked for the release before the current one: <c>slipway rollback</c>.</summary>
    public const string Rollback = "rollback";

    /// <summary>The immune system: a watch window found a regression and redeploys the previous release.</summary>
    public const string Watch = "watch";

    /// <summary>A run cut short by a server stop, queued again at the next start.</summary>
    public const string Resume = "resume";

    public static IReadOnlyList<string> All { get; } = [Push, Deploy, Rollback, Watch, Resume];

    /// <summary>The word the API, the CLI and the console show for a journaled trigger.</summary>
    public static string ToWire(string trigger) => trigger == "manual" ? Deploy : trigger;
}
