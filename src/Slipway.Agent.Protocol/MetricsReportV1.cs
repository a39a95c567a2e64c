namespace Slipway.Agent.Protocol;

/// <summary>
/// Agent protocol v1: one scrape round of a host, sent once per scrape interval of the agent.
/// It names every instance the host supervises: a listening instance with the samples of its
/// <c>/metrics</c> (or the reason the scrape failed), any other with the reason it was not scraped.
/// </summary>
public sealed record MetricsReportV1(string Host, DateTimeOffset ScrapedAt, IReadOnlyList<InstanceMetricsV1> Instances);
