using System.Text;
using System.Xml.Linq;

namespace Slipway.Server.Testing;

/// <summary>Builds a test project with <c>dotnet build</c> into a folder of its own.</summary>
internal static class TestProjectBuilder
{
    public static async Task<TestProjectBuild> BuildAsync(
        string projectPath,
        string outputDirectory,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        IEnumerable<string>? extraArguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Slipway.Core.Sandbox.RunAsUser? runAs = null)
    {
        var output = new StringBuilder();
        var result = await ChildProcess.RunAsync(
            "dotnet",
            new[] { "build", projectPath, "-c", "Release", "-o", outputDirectory, "-nologo", "-v", "q", "-clp:NoSummary" }.Concat(extraArguments ?? []),
            Path.GetDirectoryName(Path.GetFullPath(projectPath))!,
            environment ?? new Dictionary<string, string>(),
            line => { lock (output) { output.AppendLine(line); } },
            timeout,
            timeProvider,
            cancellationToken,
            runAs).ConfigureAwait(false);

        string text;
        lock (output)
        {
            text = output.Append(result.StandardError).ToString();
        }

        if (result.ExitCode != 0)
        {
            var errors = text.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
            return new TestProjectBuild(null, errors.Count > 0 ? string.Join('\n', errors) : text);
        }

        var assemblyName = AssemblyNameOf(projectPath);
        var exe = Path.Combine(outputDirectory, assemblyName);
        var dll = exe + ".dll";
        return new TestProjectBuild(File.Exists(exe) ? exe : dll, text);
    }

    /// <summary>
    /// Builds a test project in place, into its own <c>bin/</c> and <c>obj/</c>, and returns the executable at its
    /// <c>TargetPath</c>. MSBuild's up-to-date checks make this a no-op when the project is already built (by the build
    /// step in a warm workspace, or by the developer before <c>slipway test</c>), so the tests run that build. One
    /// <c>dotnet build -t:Build -getProperty:TargetPath</c>: MSBuild prints the property after the build on standard
    /// output and the build's errors on standard error, so no second MSBuild start is needed to find the assembly.
    /// </summary>
    public static async Task<TestProjectBuild> BuildInPlaceAsync(
        string projectPath,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        Slipway.Core.Sandbox.RunAsUser? runAs = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        var output = new StringBuilder();
        var result = await ChildProcess.RunAsync(
            "dotnet",
            ["build", projectPath, "-c", "Release", "-nologo", "-v", "q", "-clp:NoSummary", "-t:Build", "-getProperty:TargetPath"],
            directory,
            environment ?? new Dictionary<string, string>(),
            line => { lock (output) { output.AppendLine(line); } },
            timeout,
            timeProvider,
            cancellationToken,
            runAs).ConfigureAwait(false);
        string standardOutput;
        lock (output)
        {
            standardOutput = output.ToString();
        }

        var text = standardOutput + result.StandardError;
        if (result.ExitCode != 0)
        {
            var errors = text.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
            return new TestProjectBuild(null, errors.Count > 0 ? string.Join('\n', errors) : text);
        }

        var targetPath = standardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        if (!Path.IsPathRooted(targetPath) || !File.Exists(targetPath))
        {
            return new TestProjectBuild(null, $"built, but could not find the test assembly (TargetPath '{targetPath}'): {result.StandardError}");
        }

        var exe = Path.ChangeExtension(targetPath, null);
        return new TestProjectBuild(File.Exists(exe) ? exe : targetPath, text);
    }

    private static string AssemblyNameOf(string projectPath)
    {
        var declared = XDocument.Load(projectPath).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        return declared ?? Path.GetFileNameWithoutExtension(projectPath);
    }
}
