using System.Diagnostics;
using System.Globalization;

namespace Slipway.TestStage.Bench;

internal static class Timed
{
    public static async Task<TimeSpan> RunAsync(string fileName, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }

        return elapsed;
    }

    public static double Median(List<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalSeconds).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static void Row(string label, List<TimeSpan> values) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {Median(values):0.00} | {string.Join(", ", values.Select(v => v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} |"));
}
