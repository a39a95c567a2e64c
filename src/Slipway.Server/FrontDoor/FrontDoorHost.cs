using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Slipway.Server.FrontDoor;

/// <summary>
/// One stable port per service, forwarding each request (with YARP's forwarder) to a healthy instance, round-robin.
/// A request that fails to connect before anything was sent back is retried once on another instance,
/// so an instance that goes away between two route refreshes does not fail a user's request.
/// </summary>
internal sealed class FrontDoorHost(string service, int port, FrontDoorRoutes routes, ILoggerFactory loggers) : IAsyncDisposable
{
    private WebApplication? _app;
    private HttpMessageInvoker? _client;

    public string Service => service;

    public int Port { get; private set; } = port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
        });
        var forwarder = _app.Services.GetRequiredService<IHttpForwarder>();
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) };
        _app.Run(context => ForwardAsync(context, forwarder, config));
        await _app.StartAsync(cancellationToken);
        Port = new Uri(_app.Urls.First()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            try
            {
                await _app.StopAsync();
            }
            catch (InvalidOperationException)
            {
                // It never started (its port could not be bound): nothing to stop.
            }

            await _app.DisposeAsync();
        }

        _client?.Dispose();
    }

    private async Task ForwardAsync(HttpContext context, IHttpForwarder forwarder, ForwarderRequestConfig config)
    {
        var retryable = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        Destination? previous = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var destination = routes.Pick(service, previous);
            if (destination is null)
            {
                await Results.Problem(
                    title: "No healthy instance",
                    detail: $"Service '{service}' has no instance that passed its self-test and is listening.",
                    statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                return;
            }

            destination.Enter();
            var recorder = routes.Metrics.Enabled ? destination.Recorder : null;
            recorder?.Begin();
            var began = Stopwatch.GetTimestamp();
            ForwarderError error = ForwarderError.None;
            var final = true;
            try
            {
                error = await forwarder.SendAsync(context, destination.Prefix, _client!, config, HttpTransformer.Default);
                final = error == ForwarderError.None || context.Response.HasStarted || !retryable || error is not (ForwarderError.Request or ForwarderError.RequestTimedOut);
            }
            finally
            {
                destination.Leave();

                // Every request the user saw is counted against the instance that answered it; an attempt retried
                // elsewhere (nothing reached the user) is not a request of its own.
                if (final)
                {
                    recorder?.End(context.Response.StatusCode, Stopwatch.GetElapsedTime(began));
                }
                else
                {
                    recorder?.Abandon();
                }
            }

            if (final)
            {
                return;
            }

            // Nothing reached the client yet: forget the 502 and try another instance.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            previous = destination;
        }
    }
}
