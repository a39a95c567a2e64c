using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Slipway.Flags.Protocol;

namespace Slipway.Sdk.Flags;

/// <summary>
/// Follows <c>GET /api/flags/v1/stream</c> (server-sent events): a snapshot, then versioned changes.
/// Stale versions are ignored; a gap resyncs by reconnecting (the server starts every stream with a snapshot).
/// A lost stream keeps the last configuration, marks it stale, and reconnects with exponential backoff.
/// </summary>
internal sealed class StreamingFlagSource(
    HttpClient http,
    FlagStore store,
    SlipwayOptions options,
    SdkMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    public const string SourceName = "server";

    private int _attempt;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var url = FlagStreamProtocol.StreamUrl(options.ServerUrl!, options.Service, options.Environment);
        store.SetStale(true);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!first)
            {
                metrics.Reconnected();
            }

            first = false;
            Exception? failure = null;
            try
            {
                await ReadStreamAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            store.SetStale(true);
            var delay = Backoff(_attempt++);
            SdkLog.StreamLost(logger, failure, store.Current?.Version ?? -1, delay);
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadStreamAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (store.Current is { Source: SourceName } current)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", current.Version.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var idle = new CancellationTokenSource(options.StreamIdleTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        SdkLog.StreamConnected(logger, url);

        string? eventName = null;
        var data = new StringBuilder();
        var hadSnapshot = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(linked.Token).ConfigureAwait(false)
                ?? throw new IOException("the server closed the flag stream");
            idle.CancelAfter(options.StreamIdleTimeout);
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    if (!Dispatch(eventName, data.ToString(), ref hadSnapshot))
                    {
                        return;
                    }
                }

                eventName = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    eventName = value;
                    break;
                case "data":
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    break;
            }
        }
    }

    /// <summary>Applies one event; false means the stream must be reopened to resync.</summary>
    private bool Dispatch(string? eventName, string data, ref bool hadSnapshot)
    {
        switch (eventName)
        {
            case FlagStreamProtocol.SnapshotEvent:
                var snapshot = FlagStreamProtocol.ReadSnapshot(data);
                hadSnapshot = true;
                if (store.ReplaceIfNotOlder(snapshot, SourceName))
                {
                    SdkLog.ConfigLoaded(logger, snapshot.Version, SourceName);
                }

                store.SetStale(false);
                _attempt = 0;
                return true;
            case FlagStreamProtocol.ChangeEvent:
                var change = FlagStreamProtocol.ReadChange(data);
                var result = hadSnapshot ? store.Apply(change, SourceName) : ApplyResult.Gap;
                if (result == ApplyResult.Gap)
                {
                    SdkLog.VersionGap(logger, change.Version, store.Current?.Version ?? -1);
                    return false;
                }

                return true;
            default:
                return true;
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var min = options.ReconnectMinDelay.TotalMilliseconds;
        var max = Math.Max(min, options.ReconnectMaxDelay.TotalMilliseconds);
        var delay = Math.Min(max, min * Math.Pow(2, Math.Min(attempt, 20)));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(max, delay * jitter));
    }
}
