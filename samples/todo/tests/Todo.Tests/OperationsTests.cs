using System.Net;

namespace Todo.Tests;

/// <summary>What operations read: the health endpoint and the OpenTelemetry metrics.</summary>
public sealed class OperationsTests : IDisposable
{
    private readonly TempData _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_health_endpoint_answers_healthy_when_the_database_answers()
    {
        await using var host = new TodoHost(_data.Path);
        using var client = host.CreateClient();

        var answer = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Healthy", await answer.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_health_endpoint_answers_unhealthy_when_the_database_cannot_be_opened()
    {
        await using var host = new TodoHost(_data.Path);
        using var client = host.CreateClient();
        (await client.GetAsync("/healthz", Ct)).EnsureSuccessStatusCode();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(_data.Path, "todo.db"));
        Directory.CreateDirectory(Path.Combine(_data.Path, "todo.db"));

        var answer = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal("Unhealthy", await answer.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Metrics_show_the_request_duration_by_status_code_in_prometheus_text()
    {
        await using var host = new TodoHost(_data.Path);
        using var client = host.CreateClient();
        (await client.GetAsync("/todos", Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/todos/4711", Ct)).StatusCode);

        // The exporter caches a scrape briefly; the request above is in the next one.
        var text = string.Empty;
        for (var attempt = 0; attempt < 100 && !text.Contains("http_response_status_code=\"404\"", StringComparison.Ordinal); attempt++)
        {
            text = await client.GetStringAsync("/metrics", Ct);
            if (!text.Contains("http_response_status_code=\"404\"", StringComparison.Ordinal))
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"200\"", text, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"404\"", text, StringComparison.Ordinal);
    }
}
