using System.Diagnostics;

namespace Slipway.Bench.Setup;

/// <summary>
/// Publishes samples/hello once per bench process. The bench repositories' build step only copies this output,
/// so the benchmarks measure Slipway, not the compiler.
/// </summary>
internal static class SamplePublisher
{
    public static async Task<string> PublishAsync(string repoRoot, string? reuse, string target, CancellationToken ct)
    {
        if (reuse is not null)
        {
            if (!File.Exists(Path.Combine(reuse, "Hello.dll")))
            {
                throw new InvalidOperationException($"--published {reuse} has no Hello.dll.");
            }

            Console.WriteLine($"sample: reusing the published samples/hello in {reuse}");
            return Path.GetFullPath(reuse);
        }

        var project = Path.Combine(repoRoot, "samples", "hello", "src", "Hello", "Hello.csproj");
        Console.WriteLine($"sample: publishing samples/hello once into {target} …");
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(repoRoot, "samples", "hello"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", target, "--nologo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet publish could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of samples/hello failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        Console.WriteLine($"sample: published in {clock.Elapsed.TotalSeconds:0.0} s (not part of any figure)");
        return target;
    }
}
