using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;
using Slipway.Server.Pipelines;

namespace Slipway.Server.Services;

/// <summary>Watches each service's branch: fetches on a timer (and on a push), journals new commits and queues their runs.</summary>
internal sealed partial class RepositoryWatcher(
    EventJournal journal,
    RunQueue runs,
    ServerPaths paths,
    TimeProvider time,
    ILogger<RepositoryWatcher> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _pollGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _loops = new(StringComparer.Ordinal);

    /// <summary>Starts the timer loop of a service (once).</summary>
    public void Start(string service, CancellationToken stopping) =>
        _loops.GetOrAdd(service, s => Task.Run(() => WatchAsync(s, stopping), CancellationToken.None));

    /// <summary>Fetches the repository now and queues a run if the branch moved. Returns the run id, if one was queued.</summary>
    public async Task<string?> PollAsync(string service, CancellationToken cancellationToken)
    {
        var view = journal.Read(s => s.Services.GetValueOrDefault(service))
            ?? throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");

        // The timer and a push can poll at the same moment: one at a time, so a commit is detected once.
        var gate = _pollGates.GetOrAdd(service, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var mirror = paths.Mirror(service);
            await Git.FetchMirrorAsync(view.Repository, mirror, cancellationToken);
            var head = await Git.ResolveBranchAsync(mirror, view.Branch, cancellationToken);
            if (head is null || head == journal.Read(s => s.Services[service].LastSeenCommit))
            {
                return null;
            }

            var subject = await Git.SubjectAsync(mirror, head, cancellationToken);
            await journal.AppendAsync(new CommitDetected(service, head, subject), cancellationToken);
            return await runs.EnqueueAsync(service, head, "push", "push", cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task WatchAsync(string service, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(journal.Read(s => s.Services[service].PollSeconds));
        while (!ct.IsCancellationRequested)
        {
            if (!journal.Read(s => s.Services.ContainsKey(service)))
            {
                // Removed: stop polling; registering the name again starts a new loop.
                _loops.TryRemove(service, out _);
                return;
            }

            try
            {
                await PollAsync(service, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, service, ex.Message);
            }

            try
            {
                await Task.Delay(interval, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Polling {Service} failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string service, string reason);
}
