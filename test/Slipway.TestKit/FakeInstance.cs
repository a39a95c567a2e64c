using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Agent.Protocol;

namespace Slipway.TestKit;

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 that stands in for a service instance: it answers GET /metrics with whatever
/// the test sets, and GET /api/prometheus/v1/targets with <see cref="Targets"/> (standing in for the Slipway
/// server's service discovery when Prometheus is pointed at it).
/// </summary>
public sealed class FakeInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeInstance(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Metrics { get; set; } = "";

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>The target groups to serve, serialized as JSON (the server's own record type is internal to it).</summary>
    public object Targets { get; set; } = Array.Empty<object>();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Holds every /metrics answer until the request is aborted (for timeouts).</summary>
    public bool Hang { get; set; }

    public static async Task<FakeInstance> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeInstance? instance = null;
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            if (instance!.Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            context.Response.StatusCode = instance.StatusCode;
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.WriteAsync(instance.Metrics, context.RequestAborted);
        });
        app.MapGet("/api/prometheus/v1/targets", () => TypedResults.Ok(instance!.Targets));
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        instance = new FakeInstance(app, address.Port);
        return instance;
    }

    public InstanceStatusV1 Status(string id, string state = InstanceStates.Listening) =>
        new(id, "hello", "v2", state, 4242, Port, "127.0.0.1", 0, null, null);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
