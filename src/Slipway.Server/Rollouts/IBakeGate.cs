namespace Slipway.Server.Rollouts;

/// <summary>
/// Decides whether a baked wave may go on. The default waits the bake time and checks the new instances stayed up;
/// the immune system's judge plugs in here.
/// </summary>
public interface IBakeGate
{
    /// <summary>True when the gate wants fresh old-version instances started beside each wave, to compare against.</summary>
    bool WantsBaseline(string configYaml) => false;

    Task<BakeVerdict> BakeAsync(BakeContext context, CancellationToken cancellationToken);
}
