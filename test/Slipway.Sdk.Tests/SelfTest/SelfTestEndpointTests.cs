using System.Net;
using System.Text.Json;
using Slipway.Sdk.SelfTest;
using Slipway.Sdk.Tests.Fakes;

namespace Slipway.Sdk.Tests.SelfTest;

public sealed class SelfTestEndpointTests
{
    [Fact]
    public async Task Self_test_passes_with_200_when_every_check_passes()
    {
        await using var service = await TestService.StartAsync(
            o => o.FlagsJson = Fakes.Flags.Checkout,
            b => b.AddSelfTestCheck("database", _ => Task.FromResult(SelfTestCheckResult.Pass("select 1 ok"))));

        using var response = await service.Http.GetAsync(new Uri("/selftest", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pass", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("pass", checks["database"].GetProperty("status").GetString());
        Assert.Equal("select 1 ok", checks["database"].GetProperty("detail").GetString());
        Assert.Equal("pass", checks["flags"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Self_test_fails_with_503_and_the_same_body_when_a_check_fails()
    {
        await using var service = await TestService.StartAsync(
            o => o.FlagsJson = Fakes.Flags.Checkout,
            b => b.AddSelfTestCheck("cache", _ => Task.FromResult(SelfTestCheckResult.Fail("redis unreachable"))));

        using var response = await service.Http.GetAsync(new Uri("/selftest", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("fail", body.RootElement.GetProperty("status").GetString());
        var cache = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cache");
        Assert.Equal(("fail", "redis unreachable"), (cache.GetProperty("status").GetString(), cache.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_check_that_throws_fails_without_breaking_the_endpoint()
    {
        await using var service = await TestService.StartAsync(
            o => o.FlagsJson = Fakes.Flags.Checkout,
            b => b.AddSelfTestCheck("disk", _ => throw new IOException("disk full")));

        using var response = await service.Http.GetAsync(new Uri("/selftest", UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("disk full", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Self_test_fails_while_no_flag_configuration_is_loaded()
    {
        await using var service = await TestService.StartAsync(o =>
        {
            o.ServerUrl = new Uri("http://127.0.0.1:9/");
            o.StartupTimeout = TimeSpan.FromMilliseconds(100);
        });

        using var response = await service.Http.GetAsync(new Uri("/selftest", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no flag configuration", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
