namespace Slipway.Cli.Commands;

/// <summary>The demo's guarded flag: how its guarded rollout ended, at which percentage, and the line that says why.</summary>
internal sealed record FlagsDemoGuarded(string Key, string Outcome, int AtPercent, string Evidence)
{
    /// <summary>The sample's new checkout fails 1 request in 20, so the immune system must turn it off.</summary>
    public bool AsExpected => Outcome == "rolled_back";
}
