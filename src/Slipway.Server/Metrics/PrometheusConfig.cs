using System.Globalization;

namespace Slipway.Server.Metrics;

/// <summary>
/// The prometheus.yml that makes a Prometheus server scrape Slipway's instances: one job whose targets come
/// from the Slipway server's <c>GET /api/prometheus/v1/targets</c> (HTTP service discovery), refreshed and
/// scraped every second so that the judge sees new instances within about two seconds. With <c>readToken</c> (a token
/// of scope read) Prometheus sends it as a bearer token to the targets endpoint, which needs one.
/// </summary>
internal static class PrometheusConfig
{
    public static string For(Uri slipwayServer, TimeSpan? interval = null, string? readToken = null)
    {
        ArgumentNullException.ThrowIfNull(slipwayServer);
        var every = ((int)(interval ?? TimeSpan.FromSeconds(1)).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var targets = new Uri(slipwayServer, "api/prometheus/v1/targets");
        return $"""
            global:
              scrape_interval: {every}
              scrape_timeout: {every}
              evaluation_interval: {every}

            scrape_configs:
              - job_name: slipway
                http_sd_configs:
                  - url: {targets}
                    refresh_interval: {every}
            {(readToken is null ? string.Empty : $"        authorization:\n          type: Bearer\n          credentials: {readToken}\n")}
            """;
    }
}
