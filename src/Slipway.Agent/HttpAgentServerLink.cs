using System.Net.Http.Json;
using Slipway.Agent.Protocol;

namespace Slipway.Agent;

/// <summary>Agent protocol v1 over HTTP, for an agent that runs as its own process (`slipway agent --server URL`).</summary>
internal sealed class HttpAgentServerLink(HttpClient http) : IAgentServerLink
{
    public async Task<DesiredStateV1> GetDesiredAsync(string host, long afterGeneration, CancellationToken cancellationToken)
    {
        var url = $"api/agent/v1/desired?host={Uri.EscapeDataString(host)}&after={afterGeneration}";
        return await http.GetFromJsonAsync<DesiredStateV1>(url, cancellationToken)
            ?? throw new InvalidDataException("The server sent an empty desired state.");
    }

    public async Task ReportAsync(AgentReportV1 report, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/agent/v1/report", report, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task ReportMetricsAsync(MetricsReportV1 report, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/agent/v1/metrics", report, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<Stream> OpenArtifactAsync(string digest, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync($"api/artifacts/{digest}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }
}
