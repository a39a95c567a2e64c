namespace Slipway.Server.Processes;

/// <summary>How an external program ended. A <see cref="TimedOut"/> one was killed with its whole process tree and has exit code -1.</summary>
internal sealed record ExternalProcessResult(int ExitCode, bool TimedOut, TimeSpan Duration);
