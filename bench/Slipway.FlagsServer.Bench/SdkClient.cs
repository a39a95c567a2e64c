using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Slipway.Sdk;
using Slipway.Sdk.Flags;

namespace Slipway.FlagsServer.Bench;

/// <summary>One connected SDK, as a service would have it: AddSlipway, its hosted runtime started, a FlagClient.</summary>
internal sealed class SdkClient : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private SdkClient(ServiceProvider provider, List<IHostedService> hosted)
    {
        _provider = provider;
        _hosted = hosted;
        Flags = provider.GetRequiredService<FlagClient>();
    }

    public FlagClient Flags { get; }

    public static async Task<SdkClient> StartAsync(Uri server, string service, string? sdkKey, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddSlipway(o =>
        {
            o.ServerUrl = server;
            o.Service = service;
            o.SdkKey = sdkKey;
            o.StartupTimeout = TimeSpan.FromSeconds(30);
            o.Exposures = ExposureMode.None;
        });
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var h in hosted)
        {
            await h.StartAsync(ct);
        }

        return new SdkClient(provider, hosted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _hosted)
        {
            await h.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
