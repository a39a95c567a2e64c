namespace Slipway.Server.Tests.Immune;

/// <summary>Steady open-loop GETs through a front door (at most 32 in flight), counting what was answered, until disposed.</summary>
internal sealed class FrontDoorLoad : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 32 }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _inFlight = new(32);
    private Task? _loop;
    private long _answered;

    public long Answered => Interlocked.Read(ref _answered);

    public static FrontDoorLoad Start(Uri target, int perSecond)
    {
        var load = new FrontDoorLoad();
        load._loop = Task.Run(() => load.RunAsync(target, perSecond, load._stop.Token));
        return load;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(Uri target, int perSecond, CancellationToken ct)
    {
        var tick = TimeSpan.FromMilliseconds(20);
        var owed = 0.0;
        using var timer = new PeriodicTimer(tick);
        var n = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                for (owed += perSecond * tick.TotalSeconds; owed >= 1; owed--)
                {
                    if (_inFlight.Wait(0, CancellationToken.None))
                    {
                        _ = SendAsync(new Uri(target, $"/?n={++n}"), ct);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(Uri uri, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(uri, ct);
            Interlocked.Increment(ref _answered);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
