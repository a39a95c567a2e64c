using Microsoft.Extensions.Logging;
using Slipway.Core.Journal;
using Slipway.Server.Journal;

namespace Slipway.Server.Flags;

/// <summary>
/// When a release is promoted, creates the flags its repository declares (the file validated at the config step) that
/// production does not have. Existing flags, and flags deleted at run time, are never touched. On start it catches up
/// with a promotion the server stopped before reconciling.
/// </summary>
internal sealed partial class ReleaseFlagSync(EventJournal journal, FlagService flags, ILogger<ReleaseFlagSync> logger)
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Completes when the reconciliations started so far have ended.</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public void OnAppended(SlipwayEvent e)
    {
        if (e is RolloutPromoted promoted)
        {
            lock (_gate)
            {
                // Appended runs inside the journal's append: reconcile after it, in order.
                var previous = _last;
                _last = Task.Run(async () =>
                {
                    await previous;
                    await SyncAsync(promoted.Service, promoted.Version, CancellationToken.None);
                });
            }
        }
    }

    public async Task CatchUpAsync(CancellationToken ct)
    {
        var production = journal.Read(s => s.Services.Values.Where(v => v.ProductionVersion is not null).Select(v => (v.Name, Version: v.ProductionVersion!)).ToList());
        foreach (var (service, version) in production)
        {
            await SyncAsync(service, version, ct);
        }
    }

    private async Task SyncAsync(string service, string version, CancellationToken ct)
    {
        var declared = journal.Read(s => s.Flags.Declared(service, version));
        if (declared is null)
        {
            return;
        }

        try
        {
            var created = await flags.ApplyReleaseAsync(new FlagScope(service, FlagScope.DefaultEnvironment), version, declared.Document, ct);
            if (created is { Count: > 0 })
            {
                LogCreated(logger, service, version, string.Join(", ", created));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, service, version, ex);
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Release {Service}@{Version} created its missing flags: {Keys}")]
    private static partial void LogCreated(ILogger logger, string service, string version, string keys);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Could not create the declared flags of {Service}@{Version}")]
    private static partial void LogFailed(ILogger logger, string service, string version, Exception exception);
}
