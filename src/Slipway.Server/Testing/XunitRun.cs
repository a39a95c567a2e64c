using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>
/// What one test process did: the folded events, and how the process ended. <paramref name="Stopped"/>: the stage
/// stopped it (killed its process tree) because another shard had a real failure.
/// </summary>
internal sealed record XunitRun(XunitEventStream Events, ChildProcessResult Process, TestName? RunningAtTimeout, bool Stopped = false);
