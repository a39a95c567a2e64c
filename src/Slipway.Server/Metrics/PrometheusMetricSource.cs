using System.Globalization;
using System.Net;
using System.Text.Json;
using Slipway.Core.Judge;
using Slipway.Core.Metrics;

namespace Slipway.Server.Metrics;

/// <summary>
/// Reads the same series from a real Prometheus server with instant PromQL queries (<c>GET /api/v1/query</c>),
/// selecting the instances by their <c>slipway_service</c> and <c>slipway_instance</c> target labels (see
/// <see cref="PrometheusTargets"/>). An unreachable server, a rejected query, or a metric Prometheus has never
/// seen throws <see cref="MetricSourceException"/> with a clear message; it never passes silently.
/// A metric that exists but has no series for these instances yet is left out, as with the scraped source.
/// </summary>
internal sealed class PrometheusMetricSource(HttpClient http, Uri prometheus) : IMetricSource
{
    public Uri Prometheus => prometheus;

    public async Task<GroupSnapshot> SnapshotAsync(string service, IReadOnlyList<string> instanceIds, IReadOnlyList<Check> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        ArgumentNullException.ThrowIfNull(checks);
        if (instanceIds.Count == 0)
        {
            return new GroupSnapshot { Instances = 0 };
        }

        var ids = instanceIds.Distinct(StringComparer.Ordinal).ToList();
        var queries = new Dictionary<string, Task<IReadOnlyList<VectorSample>>>(StringComparer.Ordinal);
        Task<IReadOnlyList<VectorSample>> Query(string promql)
        {
            if (!queries.TryGetValue(promql, out var task))
            {
                task = QueryAsync(promql, cancellationToken);
                queries[promql] = task;
            }

            return task;
        }

        string Sel(string metric, string? extra = null) => PromQl.Selector(metric, service, ids, extra);

        var requests = new Dictionary<string, RequestCounts>(StringComparer.Ordinal);
        var histograms = new Dictionary<string, HistogramSnapshot>(StringComparer.Ordinal);
        var counters = new Dictionary<string, double>(StringComparer.Ordinal);
        var up = Query($"count by ({PrometheusLabels.Instance}) ({Sel("up")} == 1)");
        foreach (var check in checks)
        {
            var found = false;
            foreach (var name in check.Names)
            {
                switch (check.Kind)
                {
                    case CheckKind.ErrorRatio:
                        var byCode = await Query($"sum by ({string.Join(", ", SampleAggregation.StatusLabels)}) ({Sel(name)})");
                        if (byCode.Count > 0)
                        {
                            requests[check.Metric] = new RequestCounts(byCode.Sum(v => v.Value), byCode.Where(v => SampleAggregation.IsServerError(v.Labels)).Sum(v => v.Value));
                            found = true;
                        }

                        break;
                    case CheckKind.LatencyQuantile:
                        var buckets = await Query($"sum by (le) ({Sel(name + "_bucket")})");
                        if (buckets.Count == 0)
                        {
                            break;
                        }

                        var bounds = Buckets(buckets);
                        var count = await SumAsync(Query($"sum({Sel(name + "_count")})"))
                            ?? bounds.FirstOrDefault(b => double.IsPositiveInfinity(b.UpperBound))?.CumulativeCount;
                        var sum = await SumAsync(Query($"sum({Sel(name + "_sum")})")) ?? 0;
                        if (count is { } c)
                        {
                            histograms[check.Metric] = new HistogramSnapshot(bounds, sum, c);
                            found = true;
                        }

                        break;
                    case CheckKind.CounterRate:
                        if (await SumAsync(Query($"sum({Sel(name)})")) is { } value)
                        {
                            counters[check.Metric] = value;
                            found = true;
                        }

                        break;
                }

                if (found)
                {
                    break;
                }
            }

            // A declared check's metric that Prometheus has never seen is a misspelling, not "no data yet"; a default
            // check on the instance's own metrics is only "not comparable" when no instance exposes it.
            if (!found && !check.Optional)
            {
                await EnsureKnownAsync(check.Kind == CheckKind.LatencyQuantile ? check.Metric + "_bucket" : check.Metric, cancellationToken);
            }
        }

        return new GroupSnapshot
        {
            Instances = (await up).Count,
            Requests = requests,
            Histograms = histograms,
            Counters = counters,
        };

        // The single value of a sum(), or null when it has no series.
        static async Task<double?> SumAsync(Task<IReadOnlyList<VectorSample>> answer)
        {
            var samples = await answer;
            return samples.Count > 0 ? samples.Sum(s => s.Value) : null;
        }
    }

    private static List<HistogramBucket> Buckets(IReadOnlyList<VectorSample> series)
    {
        var buckets = new List<HistogramBucket>();
        foreach (var bucket in series)
        {
            if (bucket.Labels.TryGetValue("le", out var le) && PrometheusTextParser.TryParseValue(le, out var bound) && !double.IsNaN(bound))
            {
                buckets.Add(new HistogramBucket(bound, bucket.Value));
            }
        }

        buckets.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
        return buckets;
    }

    private async Task EnsureKnownAsync(string metric, CancellationToken cancellationToken)
    {
        var anywhere = await QueryAsync($"count({{__name__={PromQl.Quote(metric)}}})", cancellationToken);
        if (anywhere.Count == 0)
        {
            throw new MetricSourceException($"Prometheus at {prometheus} has no series named '{metric}' for any target: check the metric name, and that Prometheus scrapes the instances (job with http_sd_configs on /api/prometheus/v1/targets).");
        }
    }

    /// <summary>Runs one instant query and returns its vector.</summary>
    internal async Task<IReadOnlyList<VectorSample>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        var url = new Uri(prometheus, "api/v1/query?query=" + Uri.EscapeDataString(promql));
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new MetricSourceException($"Prometheus at {prometheus} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MetricSourceException($"Prometheus at {prometheus} did not answer within {http.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (query {promql}).", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                throw new MetricSourceException($"{url.GetLeftPart(UriPartial.Path)} answered HTTP {(int)response.StatusCode} with something that is not the Prometheus API: is {prometheus} a Prometheus server?");
            }

            using (document)
            {
                var root = document.RootElement;
                var status = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) ? s.GetString() : null;
                if (status != "success" || response.StatusCode != HttpStatusCode.OK)
                {
                    var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errorType", out var t) ? t.GetString() : null;
                    var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.GetString() : null;
                    throw new MetricSourceException($"Prometheus at {prometheus} rejected the query {promql} (HTTP {(int)response.StatusCode}): {type ?? "error"}: {error ?? body}");
                }

                var data = root.GetProperty("data");
                var resultType = data.GetProperty("resultType").GetString();
                if (resultType != "vector")
                {
                    throw new MetricSourceException($"Prometheus at {prometheus} answered the query {promql} with a {resultType}, not an instant vector.");
                }

                var samples = new List<VectorSample>();
                foreach (var item in data.GetProperty("result").EnumerateArray())
                {
                    var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
                    var text = item.GetProperty("value")[1].GetString() ?? "";
                    if (!PrometheusTextParser.TryParseValue(text, out var value))
                    {
                        throw new MetricSourceException($"Prometheus at {prometheus} answered the query {promql} with the value '{text}', which is not a number.");
                    }

                    samples.Add(new VectorSample(labels, value));
                }

                return samples;
            }
        }
    }
}
