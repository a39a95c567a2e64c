namespace Slipway.Agent.Protocol;

/// <summary>
/// Agent protocol v1 as calls: everything an agent asks of its server and tells it. The server implements it
/// (<c>AgentHub</c>, which <c>/api/agent/v1</c> also serves over HTTP); an agent calls it, in-process when it is
/// composed next to the server, over HTTP when it runs on its own. A v2 goes beside it, never in its place.
/// </summary>
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
