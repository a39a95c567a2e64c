using System.Net;

namespace Hello.Tests;

public sealed class NewCheckoutTests
{
    private const string On = """{"flags":{"new-checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_old_checkout_always_completes()
    {
        await using var host = await HelloHost.StartAsync(TestConfig.Settings(text: "Hello", version: "v1"));

        for (var i = 0; i < 40; i++)
        {
            using var response = await host.Client.GetAsync($"/checkout?user=u{i}", Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_new_checkout_fails_one_request_in_twenty()
    {
        var settings = TestConfig.Settings(text: "Hello", version: "v1");
        settings["Slipway:FlagsJson"] = On;
        await using var host = await HelloHost.StartAsync(settings);

        var failed = 0;
        for (var i = 0; i < 40; i++)
        {
            using var response = await host.Client.GetAsync($"/checkout?user=u{i}", Token);
            failed += response.StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        Assert.Equal(2, failed);
    }
}
