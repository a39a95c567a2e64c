namespace Slipway.Core.Services;

/// <summary>The words the API, the CLI and the console use for run and release states.</summary>
public static class RunStatusText
{
    public static string ToWire(this RunStatus status) => status switch
    {
        RunStatus.Queued => "queued",
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Superseded => "superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string ToWire(this ReleaseState state) => state switch
    {
        ReleaseState.Built => "built",
        ReleaseState.RollingOut => "rolling_out",
        ReleaseState.Production => "production",
        ReleaseState.Retired => "retired",
        ReleaseState.RolledBack => "rolled_back",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
