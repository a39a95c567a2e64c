using Slipway.Core.Journal;
using Slipway.Core.Services;
using Slipway.Server.Journal;

namespace Slipway.Server.Services;

/// <summary>
/// Queues pipeline runs. A queued run that has not started is superseded by a newer one, in the same journal
/// append, so the journal never holds two queued runs of one service and a superseded run never runs. A commit
/// that already has a release is never built again: asking for it again is a <see cref="DeployRequested"/>.
/// </summary>
internal sealed class RunQueue(EventJournal journal)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<string> EnqueueAsync(string service, string commit, string trigger, string by, CancellationToken cancellationToken)
    {
        // Run ids are numbered per service; one enqueue at a time keeps them unique.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (runId, queued, built) = journal.Read(s =>
            {
                var view = s.Services[service];
                return (view.NextRunId, view.Lifecycle.Runs.FindAll(r => r.Status == RunStatus.Queued), view.Lifecycle.ReleaseOf(commit));
            });
            if (built is not null)
            {
                await journal.AppendAsync(new DeployRequested(service, commit, trigger, by, $"{built.Id} is already built by {built.RunId}"), cancellationToken);
                return built.RunId;
            }

            var events = new List<SlipwayEvent> { new PipelineQueued(service, runId, commit, trigger, by) };
            events.AddRange(queued.Select(r => new PipelineSuperseded(service, r.RunId, r.Commit, commit)));
            await journal.AppendAsync(events, cancellationToken);
            return runId;
        }
        finally
        {
            _gate.Release();
        }
    }
}
