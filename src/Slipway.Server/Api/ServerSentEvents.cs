using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Slipway.Server.Api;

/// <summary>
/// How the server's event streams (the console's journal stream, the SDKs' flag stream) talk to their clients: the
/// headers, the first frame, then each batch of frames as a subscription yields it, with a keep-alive comment when
/// nothing happens. The stream ends when the subscription completes (cut off, or the server is stopping), the client
/// goes away, or the server stops.
/// </summary>
internal static class ServerSentEvents
{
    /// <summary>Streams until the end, then returns; a client that went away or a stopping server is not an error.</summary>
    /// <param name="headers">Sets any further response headers before the first frame (null: none).</param>
    /// <param name="first">The first frame, written as soon as the stream opens.</param>
    /// <param name="write">Writes what can be read now; the helper flushes after it.</param>
    public static async Task StreamAsync<T>(
        HttpContext http,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        TimeSpan keepAlive,
        ChannelReader<T> reader,
        Action<IHeaderDictionary>? headers,
        string first,
        Func<ChannelReader<T>, HttpResponse, CancellationToken, Task> write)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stopping.Token;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        headers?.Invoke(response.Headers);
        try
        {
            await response.WriteAsync(first, ct);
            await response.Body.FlushAsync(ct);
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= reader.WaitToReadAsync(ct).AsTask();
                bool more;
                try
                {
                    more = await waiting.WaitAsync(keepAlive, time, ct);
                }
                catch (TimeoutException)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }

                waiting = null;
                if (!more)
                {
                    // Cut off (too slow, or the server is stopping): the client reconnects and resyncs.
                    return;
                }

                await write(reader, response, ct);
                await response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, or the server is stopping.
        }
    }
}
