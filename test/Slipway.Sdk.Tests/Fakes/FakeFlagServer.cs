using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Flags;
using Slipway.Flags.Protocol;

namespace Slipway.Sdk.Tests.Fakes;

/// <summary>
/// A tiny Slipway flag server on Kestrel (127.0.0.1, port 0) speaking wire contract v1: it streams a snapshot and
/// whatever changes a test pushes, can drop every open stream, and collects posted event batches.
/// </summary>
internal sealed class FakeFlagServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, Channel<string?>> _streams = new();
    private int _nextStream;
    private int _connections;
    private volatile bool _reject;

    private FakeFlagServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public FlagDocument Document { get; set; } = FlagDocument.Empty;

    public long Version { get; set; }

    public int Connections => Volatile.Read(ref _connections);

    public int OpenStreams => _streams.Count;

    public ConcurrentQueue<string> StreamQueries { get; } = new();

    public ConcurrentQueue<FlagEventBatch> Batches { get; } = new();

    /// <summary>While set, streams are refused with 503 (the server is "down").</summary>
    public bool RejectStreams
    {
        get => _reject;
        set => _reject = value;
    }

    public static async Task<FakeFlagServer> StartAsync(string flagsJson, long version = 1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeFlagServer(app) { Document = FlagDocument.Parse(flagsJson), Version = version };
        app.MapGet(FlagStreamProtocol.StreamPath, server.StreamAsync);
        app.MapPost(FlagStreamProtocol.EventsPath, (FlagEventBatch batch) =>
        {
            server.Batches.Enqueue(batch);
            return Results.Accepted();
        });
        await app.StartAsync();
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return server;
    }

    public void PushChange(long version, string key, string? flagJson)
    {
        JsonElement? flag = flagJson is null ? null : JsonDocument.Parse(flagJson).RootElement.Clone();
        PushRaw($"event: change\ndata: {FlagStreamProtocol.ChangeData(version, [new(key, flag)])}\n\n");
    }

    public void PushRaw(string frame)
    {
        foreach (var stream in _streams.Values)
        {
            stream.Writer.TryWrite(frame);
        }
    }

    /// <summary>Aborts every open stream, as a crashed server or a cut network would.</summary>
    public void DropStreams()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Writer.TryWrite(null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropStreams();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task StreamAsync(HttpContext context)
    {
        if (_reject)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Interlocked.Increment(ref _connections);
        StreamQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        var id = Interlocked.Increment(ref _nextStream);
        var channel = Channel.CreateUnbounded<string?>();
        _streams[id] = channel;
        try
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($"event: snapshot\ndata: {FlagStreamProtocol.SnapshotData(Version, Document)}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await foreach (var frame in channel.Reader.ReadAllAsync(context.RequestAborted))
            {
                if (frame is null)
                {
                    context.Abort();
                    return;
                }

                await context.Response.WriteAsync(frame, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            _streams.TryRemove(id, out _);
        }
    }
}
