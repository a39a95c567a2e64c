using System.Net;
using System.Text.Json;

namespace Hello.Tests;

public sealed class HttpApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_returns_the_greeting_with_or_without_a_user()
    {
        await using var host = await HelloHost.StartAsync(TestConfig.Settings(text: "Hello", version: "v1"));

        Assert.Equal("Hello from v1!", await host.Client.GetStringAsync("/", Token));
        Assert.Equal("Hello from v1!", await host.Client.GetStringAsync("/?user=42", Token));
    }

    [Fact]
    public async Task Selftest_answers_200_with_its_checks_when_configured()
    {
        await using var host = await HelloHost.StartAsync(TestConfig.Settings());

        using var response = await host.Client.GetAsync("/selftest", Token);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pass", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["config", "greeting"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks, c => Assert.Equal("pass", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Selftest_answers_503_when_the_greeting_setting_is_empty()
    {
        await using var host = await HelloHost.StartAsync(TestConfig.Settings(text: ""));

        using var response = await host.Client.GetAsync("/selftest", Token);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("fail", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_count_requests_by_code_but_not_metrics_or_selftest()
    {
        await using var host = await HelloHost.StartAsync(TestConfig.Settings());
        await host.Client.GetStringAsync("/", Token);
        await host.Client.GetStringAsync("/", Token);
        (await host.Client.GetAsync("/nope", Token)).Dispose();
        (await host.Client.GetAsync("/selftest", Token)).Dispose();
        (await host.Client.GetAsync("/metrics", Token)).Dispose();

        using var response = await host.Client.GetAsync("/metrics", Token);
        var lines = (await response.Content.ReadAsStringAsync(Token)).Split('\n');

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("http_requests_total{code=\"200\"} 2", lines);
        Assert.Contains("http_requests_total{code=\"404\"} 1", lines);
        Assert.Contains("http_request_duration_seconds_count 3", lines);
        Assert.Contains("greetings_served_total 2", lines);
    }
}
