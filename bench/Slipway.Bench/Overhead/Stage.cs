namespace Slipway.Bench.Overhead;

/// <summary>How a stage counts in the system overhead.</summary>
internal enum StageKind
{
    /// <summary>Slipway's own time: counted as overhead.</summary>
    Slipway,

    /// <summary>The service's build or test commands: not overhead.</summary>
    BuildOrTest,

    /// <summary>The bake the service asked for: the configured time is not overhead, any overshoot is.</summary>
    Bake,

    /// <summary>The instance's own start-up, from process start to listening: not overhead.</summary>
    StartUp,

    /// <summary>
    /// The instance answering its self-test (its first request, measured by the requester): the service's time, so
    /// not overhead; the literal reading of the issue counts it, and the bench prints both.
    /// </summary>
    SelfTestAnswer,
}

/// <summary>One stage of commit → production, from the journal's timestamps and the agent's reports.</summary>
internal sealed record Stage(string Name, double Seconds, StageKind Kind);
