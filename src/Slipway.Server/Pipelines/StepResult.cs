namespace Slipway.Server.Pipelines;

/// <summary>How a shell step ended. <see cref="TimedOut"/> steps were killed with their whole process tree.</summary>
internal sealed record StepResult(int ExitCode, TimeSpan Duration, bool TimedOut, string LogTail)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
