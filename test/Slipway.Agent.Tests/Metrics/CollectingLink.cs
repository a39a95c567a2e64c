using System.Threading.Channels;
using Slipway.Agent.Protocol;

namespace Slipway.Agent.Tests.Metrics;

/// <summary>A server link that keeps every metrics report it is sent, for the test to read in order.</summary>
internal sealed class CollectingLink : IAgentServerLink
{
    public Channel<MetricsReportV1> Reports { get; } = Channel.CreateUnbounded<MetricsReportV1>();

    public Task ReportMetricsAsync(MetricsReportV1 report, CancellationToken cancellationToken) =>
        Reports.Writer.WriteAsync(report, cancellationToken).AsTask();

    public Task<DesiredStateV1> GetDesiredAsync(string host, long afterGeneration, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task ReportAsync(AgentReportV1 report, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Stream> OpenArtifactAsync(string digest, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
