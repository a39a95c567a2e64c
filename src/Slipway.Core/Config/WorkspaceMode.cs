namespace Slipway.Core.Config;

/// <summary>How a run's checkout starts: from the service's warm workspace, or with every untracked file removed.</summary>
public enum WorkspaceMode
{
    /// <summary>The service's persistent checkout, with the build state (<c>obj/</c>, <c>bin/</c>) of its last successful build.</summary>
    Warm,

    /// <summary>Every untracked and ignored file removed before the build: the same as a fresh clone.</summary>
    Clean,
}
