using System.Net;

namespace Slipway.Cli.Demo;

/// <summary>
/// Steady open-loop load through the front door (GET /?user=N for random users, or another path), so the judge has traffic to compare.
/// Bounded: it only ever targets the given loopback URL and stops when disposed.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _target;
    private readonly int _perSecond;
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _inFlight = new(128);
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, bool Ok)> _results = [];
    private Task? _loop;

    public LoadGenerator(Uri target, int perSecond, string path = "/")
    {
        _path = path;
        if (!IPAddress.IsLoopback(IPAddress.Parse(target.Host)))
        {
            throw new ArgumentException("The demo's load only targets loopback addresses.", nameof(target));
        }

        _target = target;
        _perSecond = perSecond;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Requests answered (or failed) between two moments, and how many failed (non-2xx or no answer).</summary>
    public (int Total, int Failed) Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var window = _results.Where(r => r.At >= from && r.At <= to).ToList();
            return (window.Count, window.Count(r => !r.Ok));
        }
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

    private async Task RunAsync(CancellationToken ct)
    {
        var random = new Random(20261127);
        var tick = TimeSpan.FromMilliseconds(20);
        var perTick = _perSecond * tick.TotalSeconds;
        var owed = 0.0;
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                owed += perTick;
                for (; owed >= 1; owed--)
                {
                    if (!_inFlight.Wait(0, CancellationToken.None))
                    {
                        Record(false);
                        continue;
                    }

                    var user = random.Next(1, 100_000);
                    _ = SendAsync(new Uri(_target, $"{_path}?user={user}"), ct);
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
            Record(response.IsSuccessStatusCode);
        }
        catch (HttpRequestException)
        {
            Record(false);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            Record(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private void Record(bool ok)
    {
        lock (_gate)
        {
            _results.Add((TimeProvider.System.GetUtcNow(), ok));
        }
    }
}
