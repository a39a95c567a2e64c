using System.Text.Json;
using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>
/// A built xUnit v3 test executable, driven through xUnit's own in-process runner command line:
/// <c>-list full/json</c> to discover, <c>-method</c> filters, <c>-parallelMode none</c> and
/// <c>-reporter json</c> to run one shard and stream its events.
/// </summary>
internal sealed class TestExecutable(string path, TimeProvider timeProvider, Slipway.Core.Sandbox.RunAsUser? runAs = null)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The project as the request named it (a .csproj or the executable itself).</summary>
    public string Project { get; init; } = path;

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public string AssemblyName =>
        Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || Path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
            ? System.IO.Path.GetFileNameWithoutExtension(Path)
            : System.IO.Path.GetFileName(Path);

    /// <summary>xUnit v3 puts xunit.v3.core.dll next to every test executable.</summary>
    public bool IsXunitV3 => File.Exists(System.IO.Path.Combine(Directory, "xunit.v3.core.dll"));

    /// <summary>The project references Slipway.Testing; whether it applied the attribute shows in the ack file.</summary>
    public bool ReferencesSlipwayTesting => File.Exists(System.IO.Path.Combine(Directory, "Slipway.Testing.dll"));

    public async Task<IReadOnlyList<TestName>> ListAsync(
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = new List<string>();
        var result = await ChildProcess.RunAsync(
            Launcher(), Arguments(["-noColor", "-noLogo", "-list", "full/json"]), Directory, environment,
            line => { lock (output) { output.Add(line); } }, timeout, timeProvider, cancellationToken, runAs).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Listing the tests of {AssemblyName} failed (exit {result.ExitCode}): {result.StandardError}");
        }

        var json = string.Join('\n', output);
        var start = json.IndexOf('[', StringComparison.Ordinal);
        var end = json.LastIndexOf(']');
        if (start < 0 || end < start)
        {
            return [];
        }

        using var document = JsonDocument.Parse(json.AsMemory(start, end - start + 1));
        return document.RootElement.EnumerateArray()
            .Where(e => !(e.TryGetProperty("Explicit", out var x) && x.ValueKind == JsonValueKind.True))
            .Where(e => e.TryGetProperty("Class", out _) && e.TryGetProperty("Method", out _))
            .Select(e => new TestName(e.GetProperty("Class").GetString()!, e.GetProperty("Method").GetString()!))
            .Distinct()
            .ToList();
    }

    /// <summary>Runs exactly <paramref name="tests"/>, in that order when the project uses Slipway.Testing.</summary>
    public async Task<XunitRun> RunAsync(
        IReadOnlyList<TestName> tests,
        string orderFile,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        Action<XunitEventStream>? onProgress,
        CancellationToken cancellationToken,
        CancellationToken stop = default)
    {
        File.Delete(orderFile + ".ack");
        await File.WriteAllLinesAsync(orderFile, tests.Select(t => t.FullName), cancellationToken).ConfigureAwait(false);
        var env = new Dictionary<string, string>(environment) { ["SLIPWAY_TEST_ORDER_FILE"] = orderFile };
        var arguments = new List<string> { "-noColor", "-noLogo", "-noAutoReporters", "-reporter", "json", "-parallelMode", "none" };
        foreach (var test in tests)
        {
            arguments.Add("-method");
            arguments.Add(test.FullName);
        }

        var events = new XunitEventStream();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop);
        var started = timeProvider.GetTimestamp();
        ChildProcessResult process;
        try
        {
            process = await ChildProcess.RunAsync(
                Launcher(), Arguments(arguments), Directory, env,
                line =>
                {
                    if (events.Accept(line))
                    {
                        onProgress?.Invoke(events);
                    }
                },
                timeout, timeProvider, linked.Token, runAs).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by the stage (another shard failed for real): the process tree is killed; what it reported stays.
            return new XunitRun(events, new ChildProcessResult(-1, false, string.Empty, timeProvider.GetElapsedTime(started)), null, Stopped: true);
        }

        return new XunitRun(events, process, process.TimedOut ? events.Running : null);
    }

    /// <summary>The plain command a person can paste to run these tests in this order.</summary>
    public string ReproCommand(IEnumerable<TestName> tests)
    {
        var names = tests.Select(t => t.FullName).ToList();
        var methods = string.Join(' ', names.Select(n => $"-method '{n}'"));
        return $"SLIPWAY_TEST_ORDER='{string.Join(';', names)}' {Quote(Path)} -parallelMode none {methods}";
    }

    private string Launcher() => Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : Path;

    private IEnumerable<string> Arguments(IEnumerable<string> arguments) =>
        Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? arguments.Prepend(Path) : arguments;

    private static string Quote(string value) => value.Contains(' ', StringComparison.Ordinal) ? $"'{value}'" : value;
}
