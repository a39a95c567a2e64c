using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Slipway.Flags.Protocol;
using Slipway.Sdk.Outcomes;

namespace Slipway.Sdk.Events;

/// <summary>Sends buffered events to <c>POST /api/flags/v1/events</c> in batches, every flush interval. Failed batches are dropped and counted.</summary>
internal sealed class FlagEventSender(
    HttpClient http,
    FlagEventBuffer buffer,
    SlipwayOptions options,
    SdkMetrics metrics,
    TimeProvider time,
    ILogger logger,
    OutcomeRecorder? outcomes = null)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // With the outcomes middleware on, a batch goes every interval even without exposures.
                if (outcomes is not { Enabled: true })
                {
                    await buffer.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(options.EventFlushInterval, time, cancellationToken).ConfigureAwait(false);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends everything buffered now, batch by batch.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // The outcomes counted so far ride on the first batch, or alone when there are no events.
        var (pending, pendingDropped) = outcomes is { Enabled: true } ? outcomes.Table.TakeSnapshot() : ([], 0);
        if (buffer.Count == 0 && (pending.Count > 0 || pendingDropped > 0))
        {
            await SendAsync([], pending, pendingDropped, cancellationToken).ConfigureAwait(false);
            return;
        }

        while (buffer.Count > 0)
        {
            var batch = buffer.Take(Math.Max(1, options.EventBatchSize));
            if (batch.Count == 0)
            {
                return;
            }

            await SendAsync(batch, pending, pendingDropped, cancellationToken).ConfigureAwait(false);
            (pending, pendingDropped) = ([], 0);
        }
    }

    private async Task SendAsync(List<BufferedEvent> batch, List<VariantOutcome> outcomesToSend, long outcomesDropped, CancellationToken cancellationToken)
    {
        var body = new FlagEventBatch
        {
            Service = options.Service,
            Environment = options.Environment,
            Exposures = batch.Where(e => e.IsExposure)
                .Select(e => new ExposureEvent(e.Name, e.Variant!, e.Reason!, e.TargetingKey, e.Timestamp, e.ConfigVersion)).ToList(),
            Events = batch.Where(e => !e.IsExposure)
                .Select(e => new TrackEvent(e.Name, e.TargetingKey, e.Value, e.Timestamp)).ToList(),
            Dropped = buffer.TakeDroppedCount(),
            Outcomes = outcomesToSend,
            OutcomesDropped = outcomesDropped,
        };
        try
        {
            using var response = await http.PostAsJsonAsync(
                new Uri(options.ServerUrl!, FlagStreamProtocol.EventsPath), body, FlagStreamProtocol.JsonOptions, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            metrics.Dropped(batch.Count);
            SdkLog.EventsNotSent(logger, ex, batch.Count);
        }
    }
}
