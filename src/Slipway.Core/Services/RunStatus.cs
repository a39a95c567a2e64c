namespace Slipway.Core.Services;

/// <summary>Where a pipeline run is. A run is queued, then running, then ends succeeded, failed or superseded.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,

    /// <summary>A newer commit was queued before this run started, so it never ran.</summary>
    Superseded,
}
