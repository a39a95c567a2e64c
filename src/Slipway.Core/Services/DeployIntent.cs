namespace Slipway.Core.Services;

/// <summary>
/// A journaled wish to roll a built release out: after its pipeline succeeded (trigger push, manual or resume), a
/// manual deploy of a built release, a rollback to the previous release, or the redeploy after a failed watch window.
/// At most one is pending per service: a newer one replaces it.
/// </summary>
public sealed record DeployIntent(string Version, string Trigger, string By, string Reason);
