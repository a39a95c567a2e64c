using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Sdk.Flags;
using Slipway.Sdk.SelfTest;

namespace Slipway.Sdk.Tests.Fakes;

/// <summary>A real ASP.NET Core service using the SDK, on Kestrel at 127.0.0.1 with port 0.</summary>
internal sealed class TestService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestService(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Http = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public FlagClient Flags => _app.Services.GetRequiredService<FlagClient>();

    public IServiceProvider Services => _app.Services;

    public static async Task<TestService> StartAsync(Action<SlipwayOptions> configure, Action<SlipwayBuilder>? register = null, Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var slipway = builder.Services.AddSlipway(configure);
        register?.Invoke(slipway);
        var app = builder.Build();
        configureApp?.Invoke(app);
        app.MapSlipwaySelfTest("/selftest");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestService(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
