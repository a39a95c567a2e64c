namespace Slipway.Server.Testing;

internal sealed record ChildProcessResult(int ExitCode, bool TimedOut, string StandardError, TimeSpan Duration);
