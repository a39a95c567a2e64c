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

    private static string AssemblyNameOf(string projectPath)
    {
        var declared = XDocument.Load(projectPath).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        return declared ?? Path.GetFileNameWithoutExtension(projectPath);
    }
}
