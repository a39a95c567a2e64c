using Microsoft.Extensions.Logging;
using Slipway.Agent.Protocol;

namespace Slipway.Agent.Metrics;

/// <summary>
/// Every <see cref="AgentOptions.ScrapeInterval"/>, scrapes all listening instances of the host at once and
/// sends one <see cref="MetricsReportV1"/> to the server. A round that cannot be sent is dropped: the next
/// round carries the newer cumulative values anyway.
/// </summary>
internal sealed partial class MetricsScrapeLoop : IDisposable
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(2);
    private readonly AgentOptions _options;
    private readonly IAgentServerLink _link;
    private readonly Func<IReadOnlyList<InstanceStatusV1>> _instances;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly MetricsScraper _scraper;

    public MetricsScrapeLoop(AgentOptions options, IAgentServerLink link, Func<IReadOnlyList<InstanceStatusV1>> instances, TimeProvider time, ILogger logger)
    {
        _options = options;
        _link = link;
        _instances = instances;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 16 * 1024 * 1024,
        };
        _scraper = new MetricsScraper(_http, time);
    }

    /// <summary>How long one scrape may take: the interval, but at least 250 ms and at most 2 s.</summary>
    public TimeSpan ScrapeTimeout => _options.ScrapeInterval < MinTimeout ? MinTimeout : _options.ScrapeInterval > MaxTimeout ? MaxTimeout : _options.ScrapeInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ScrapeInterval, _time);
        do
        {
            try
            {
                var report = await ScrapeOnceAsync(cancellationToken);
                await _link.ReportMetricsAsync(report, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogReportFailed(_logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Scrapes every instance the host supervises (listening ones over HTTP, in parallel) into one report.</summary>
    public async Task<MetricsReportV1> ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        var instances = _instances();
        var results = await Task.WhenAll(instances.Select(i => _scraper.ScrapeAsync(i, ScrapeTimeout, cancellationToken)));
        foreach (var failed in results.Where(r => r.Error is not null && instances.Any(i => i.Id == r.InstanceId && i.State == InstanceStates.Listening)))
        {
            LogScrapeFailed(_logger, failed.InstanceId, failed.Error!);
        }

        return new MetricsReportV1(_options.Host, _time.GetUtcNow(), results);
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Metrics scrape of instance {InstanceId} failed: {Reason}")]
    private static partial void LogScrapeFailed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "Metrics report not sent: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string reason);
}
