using System.Diagnostics;

namespace Slipway.Bench.ZeroDowntime;

/// <summary>
/// Open-loop load: requests are sent at a fixed rate whether or not earlier ones have answered, from a dedicated
/// thread, so a slow front door cannot slow the load down and hide its own latency. Stops by itself after
/// <c>maxDuration</c>, and every request has a timeout.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly Uri _target;
    private readonly double _rate;
    private readonly TimeSpan _maxDuration;
    private readonly HttpClient _client;
    private readonly Lock _lock = new();
    private readonly List<LoadSample> _samples = [];
    private readonly List<Task> _inFlight = [];
    private readonly long _start = Stopwatch.GetTimestamp();
    private Thread? _thread;
    private volatile bool _stop;

    public LoadGenerator(Uri target, double rate, TimeSpan maxDuration)
    {
        _target = target;
        _rate = rate;
        _maxDuration = maxDuration;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            // Bounded, so that an overloaded machine queues requests here (their latency still counts from their due time)
            // instead of opening thousands of sockets until the process runs out of file descriptors.
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>Seconds since the load generator was created (the time base of <see cref="LoadSample.DueAt"/>).</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(_start).TotalSeconds;

    public long Sent { get; private set; }

    public void Start()
    {
        _thread = new Thread(Dispatch) { IsBackground = true, Name = "open-loop load" };
        _thread.Start();
    }

    /// <summary>Stops sending and waits for the requests in flight (each has a 10 s timeout).</summary>
    public async Task<IReadOnlyList<LoadSample>> StopAsync()
    {
        _stop = true;
        _thread?.Join();
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _inFlight];
        }

        await Task.WhenAll(pending);
        lock (_lock)
        {
            return [.. _samples.OrderBy(s => s.DueAt)];
        }
    }

    public void Dispose() => _client.Dispose();

    private void Dispatch()
    {
        var startedAt = Elapsed;
        while (!_stop && Elapsed - startedAt < _maxDuration.TotalSeconds)
        {
            var due = (long)((Elapsed - startedAt) * _rate);
            while (Sent < due)
            {
                var dueAt = startedAt + (Sent / _rate);
                var task = SendAsync(dueAt);
                lock (_lock)
                {
                    _inFlight.Add(task);
                    if (_inFlight.Count > 4096)
                    {
                        _inFlight.RemoveAll(t => t.IsCompleted);
                    }
                }

                Sent++;
            }

            Thread.Sleep(1);
        }
    }

    private async Task SendAsync(double dueAt)
    {
        await Task.Yield();
        LoadSample sample;
        try
        {
            using var response = await _client.GetAsync(_target);
            var body = await response.Content.ReadAsStringAsync();
            sample = new LoadSample(dueAt, Elapsed - dueAt, (int)response.StatusCode, VersionOf(body), response.IsSuccessStatusCode ? null : Trim(body));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            sample = new LoadSample(dueAt, Elapsed - dueAt, 0, null, $"{ex.GetType().Name}: {ex.Message}");
        }

        lock (_lock)
        {
            _samples.Add(sample);
        }
    }

    /// <summary>The sample answers "Hello from &lt;version&gt;!"; the first 7 characters of the version are enough.</summary>
    private static string? VersionOf(string body)
    {
        var from = body.LastIndexOf(" from ", StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }

        var version = body[(from + 6)..].TrimEnd('!', '\n');
        return version.Length > 7 ? version[..7] : version;
    }

    private static string Trim(string text) => text.Length > 200 ? text[..200] : text;
}
