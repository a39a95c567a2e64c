namespace Slipway.Core.Services;

/// <summary>Where a release is in its life.</summary>
public enum ReleaseState
{
    /// <summary>Built and packaged; never rolled out, or its rollout has not started.</summary>
    Built,

    /// <summary>A rollout of it is running.</summary>
    RollingOut,

    /// <summary>The service's production version.</summary>
    Production,

    /// <summary>It was in production and a newer release replaced it. A rollback can return to it.</summary>
    Retired,

    /// <summary>Its rollout was rolled back, or its watch window failed. It is not redeployed automatically.</summary>
    RolledBack,
}
