using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Slipway.Sdk.Flags;

namespace Slipway.Sdk.Tests.Hosting;

public sealed class SlipwayRuntimeTests
{
    [Fact]
    public async Task A_container_disposed_synchronously_does_not_throw()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSlipway(o => o.FlagsJson = Fakes.Flags.Checkout);
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal("Hello", provider.GetRequiredService<FlagClient>().GetString("greeting", "?"));
        provider.Dispose();
    }
}
