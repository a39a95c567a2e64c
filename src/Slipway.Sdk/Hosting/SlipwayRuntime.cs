using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Slipway.Flags;
using Slipway.Sdk.Events;
using Slipway.Sdk.Flags;
using Slipway.Sdk.Outcomes;

namespace Slipway.Sdk.Hosting;

/// <summary>
/// Starts the flag sources and the event sender with the host. Start-up waits for the first configuration
/// at most <see cref="SlipwayOptions.StartupTimeout"/>, and never fails because of flags.
/// </summary>
internal sealed class SlipwayRuntime(
    SlipwayOptions options,
    FlagStore store,
    FlagEventBuffer events,
    SdkMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IEnumerable<InMemoryFlagSource> memorySources,
    OutcomeRecorder outcomes) : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Slipway.Sdk");
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private HttpClient? _streamHttp;
    private HttpClient? _eventsHttp;
    private FlagEventSender? _sender;
    private int _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LoadLocalFlags();
        if (options.ServerUrl is not null)
        {
            _streamHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            Authorize(_streamHttp);
            var streaming = new StreamingFlagSource(_streamHttp, store, options, metrics, time, _logger);
            _background.Add(Task.Run(() => streaming.RunAsync(_stopping.Token), CancellationToken.None));
            if (events.Enabled)
            {
                _eventsHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                Authorize(_eventsHttp);
                _sender = new FlagEventSender(_eventsHttp, events, options, metrics, time, _logger, outcomes);
                _background.Add(Task.Run(() => _sender.RunAsync(_stopping.Token), CancellationToken.None));
            }
        }

        if (store.Current is null || (options.ServerUrl is not null && store.Current.Source != StreamingFlagSource.SourceName))
        {
            await WaitForServerAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Authorize(HttpClient http)
    {
        if (options.SdkKey is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown was cut short; nothing more to wait for.
        }

        if (_sender is not null)
        {
            using var flushTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            flushTimeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await _sender.FlushAsync(flushTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Best effort: what is left is lost with the process.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Also synchronous, so a container disposed with <c>Dispose()</c> does not throw.</summary>
    public void Dispose()
    {
        // Registered both as itself and as a hosted service, so the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _stopping.Dispose();
        _streamHttp?.Dispose();
        _eventsHttp?.Dispose();
    }

    private async Task WaitForServerAsync(CancellationToken cancellationToken)
    {
        if (options.ServerUrl is null)
        {
            return;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(FlagConfig config)
        {
            if (config.Source == StreamingFlagSource.SourceName)
            {
                ready.TrySetResult();
            }
        }

        store.Changed += OnChanged;
        try
        {
            if (store.Current?.Source == StreamingFlagSource.SourceName)
            {
                return;
            }

            var timeout = Task.Delay(options.StartupTimeout, time, cancellationToken);
            if (await Task.WhenAny(ready.Task, timeout).ConfigureAwait(false) != ready.Task)
            {
                SdkLog.StartupTimeout(_logger, options.StartupTimeout);
            }
        }
        catch (OperationCanceledException)
        {
            // The host gave up on start-up; flags keep loading in the background.
        }
        finally
        {
            store.Changed -= OnChanged;
        }
    }

    private void LoadLocalFlags()
    {
        if (options.FlagsJson is { } json)
        {
            Load("memory", () => FlagDocument.ParseLenient(json));
        }

        if (options.FlagsFile is { } file)
        {
            Load("file", () => FlagDocument.ParseLenient(File.ReadAllText(file)));
        }

        foreach (var source in memorySources)
        {
            source.Updated += (document, version) => store.Replace(document, version, "memory");
            if (source.Current is { } current)
            {
                store.Replace(current.Document, current.Version, "memory");
            }
        }
    }

    private void Load(string source, Func<FlagDocument> load)
    {
        try
        {
            store.Replace(load(), 0, source);
            SdkLog.ConfigLoaded(_logger, 0, source);
        }
        catch (Exception ex)
        {
            SdkLog.SourceFailed(_logger, ex, source);
        }
    }
}
