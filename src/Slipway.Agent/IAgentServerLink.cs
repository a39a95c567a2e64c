using Slipway.Agent.Protocol;

namespace Slipway.Agent;

/// <summary>How an agent talks to its server: in-process for the embedded agent, HTTP (protocol v1) for a remote one.</summary>
public interface IAgentServerLink
{
    /// <summary>Waits until the desired state for the host is newer than <paramref name="afterGeneration"/> (or a timeout passes) and returns it.</summary>
    Task<DesiredStateV1> GetDesiredAsync(string host, long afterGeneration, CancellationToken cancellationToken);

    Task ReportAsync(AgentReportV1 report, CancellationToken cancellationToken);

    /// <summary>Sends one scrape round of the host's instances.</summary>
    Task ReportMetricsAsync(MetricsReportV1 report, CancellationToken cancellationToken);

    /// <summary>Opens the content-addressed artifact (a .tar.gz) with the given SHA-256 digest.</summary>
    Task<Stream> OpenArtifactAsync(string digest, CancellationToken cancellationToken);
}
