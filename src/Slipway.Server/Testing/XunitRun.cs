using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>What one test process did: the folded events, and how the process ended.</summary>
internal sealed record XunitRun(XunitEventStream Events, ChildProcessResult Process, TestName? RunningAtTimeout);
