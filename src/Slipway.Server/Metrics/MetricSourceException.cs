namespace Slipway.Server.Metrics;

/// <summary>
/// A metric source could not answer: Prometheus is unreachable, rejected a query, or knows no series of
/// the metric a check names. The message says which, for the evidence; the bake treats it as not enough data.
/// </summary>
internal sealed class MetricSourceException : Exception
{
    public MetricSourceException()
    {
    }

    public MetricSourceException(string message)
        : base(message)
    {
    }

    public MetricSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
