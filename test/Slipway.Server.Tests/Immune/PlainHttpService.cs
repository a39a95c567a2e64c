using System.Globalization;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Immune;

/// <summary>
/// A service that knows nothing of Slipway: a few lines of Python's standard http.server, no /metrics, no SDK. It
/// answers every GET with 200, except that one request in <c>failEvery</c> on "/" answers 500 (0: never).
/// </summary>
internal static class PlainHttpService
{
    /// <summary>True when python3 is on the PATH (.ci/run installs it).</summary>
    public static bool Available =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "python3")));

    /// <summary>
    /// The service's slipway.yml: server.py copied as the artifact and run on $PORT, 2 instances, 3 s bakes, and the
    /// judge's defaults (no judge section, so no not_enough_data override).
    /// </summary>
    public static HelloConfig Config(string owner) => new()
    {
        Owner = owner,
        Build = "mkdir -p out && cp server.py out/",
        Run = "python3 server.py $PORT",
        Instances = 2,
        Bake = "3s",
        Greeting = null,
        SelfTestTimeout = "20s",
        Judge = null,
    };

    public static string Source(int failEvery) => $$"""
        import sys, threading
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

        FAIL_EVERY = {{failEvery.ToString(CultureInfo.InvariantCulture)}}
        lock = threading.Lock()
        count = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                global count
                status = 200
                if self.path.startswith("/?") or self.path == "/":
                    with lock:
                        count += 1
                        n = count
                    if FAIL_EVERY and n % FAIL_EVERY == 0:
                        status = 500
                body = b"ok\n" if status == 200 else b"failed\n"
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.daemon_threads = True
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
        """;
}
