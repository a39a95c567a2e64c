using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Slipway.Core.Config;
using Slipway.Core.Sandbox;
using Slipway.Server.Secrets;

namespace Slipway.Server.Pipelines;

/// <summary>
/// <c>build: { dotnet: project }</c>: one MSBuild run, as the step user, that builds the project and the test projects
/// together (each project once, in parallel where the graph allows) and publishes the project into the artifact folder.
/// It prints each test project's built assembly, which the test stage then runs without a second MSBuild start. Plain
/// shell steps would need three (<c>dotnet publish</c>, then <c>dotnet test</c>'s build and its run).
/// </summary>
/// <remarks>
/// The generated project lives in a folder of its own that the server creates (never in the workspace, which belongs to
/// the step user), and is readable by everyone: it holds nothing but paths and the configuration.
/// </remarks>
internal static class DotnetBuildStep
{
    private const string BuiltLine = "slipway: built\t";

    /// <summary>How the step ended, and the built assembly of each test project (keyed as in <c>tests.projects</c>).</summary>
    public sealed record Outcome(StepResult Step, IReadOnlyDictionary<string, string> TestAssemblies, bool Restored);

    /// <summary>The entries of <c>tests.projects</c> that are project files, which this build builds.</summary>
    public static IReadOnlyList<string> TestProjects(ServiceConfig config) =>
        config.Tests.Projects.Where(IsProjectFile).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Runs the build. <paramref name="restore"/> false skips NuGet's restore (<see cref="WarmWorkspace.RestoreDecisionAsync"/>
    /// said it is current); should that build fail, it runs once more with the restore, since a package cache cleaned
    /// behind the workspace's back looks the same.
    /// </summary>
    public static async Task<Outcome> RunAsync(
        DotnetBuildConfig dotnet,
        IReadOnlyList<string> testProjects,
        string artifact,
        string workspace,
        bool restore,
        string restoreWhy,
        string logPath,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string> environment,
        TimeProvider time,
        CancellationToken cancellationToken,
        SecretMasker masker,
        RunAsUser? user)
    {
        var folder = Directory.CreateTempSubdirectory("slipway-build-");
        try
        {
            var project = Path.Combine(folder.FullName, "slipway.build.proj");
            var full = testProjects.ToDictionary(p => Path.GetFullPath(Path.Combine(workspace, p)), p => p, StringComparer.Ordinal);
            var publish = Path.GetFullPath(Path.Combine(workspace, dotnet.Project));
            var publishDir = Path.GetFullPath(Path.Combine(workspace, artifact)) + Path.DirectorySeparatorChar;
            var runtime = Runtime(dotnet);
            await File.WriteAllTextAsync(project, Traversal(publish, full.Keys, dotnet.Configuration, publishDir, runtime), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                File.SetUnixFileMode(project, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var what = $"slipway: build {dotnet.Project} ({dotnet.Configuration}{(runtime is null ? string.Empty : ", " + runtime)}) and publish it into {artifact}/"
                + (testProjects.Count > 0 ? $", with the test project(s) {string.Join(", ", testProjects)}" : string.Empty);
            await File.AppendAllTextAsync(logPath, masker.Apply($"{what}\nslipway: {restoreWhy}\n"), cancellationToken);

            var assemblies = new Dictionary<string, string>(StringComparer.Ordinal);
            var step = await RunOnceAsync(restore);
            if (!step.Succeeded && !restore && !step.TimedOut)
            {
                await File.AppendAllTextAsync(logPath, "slipway: the build without the restore failed; building once more with the restore\n", cancellationToken);
                assemblies.Clear();
                var again = await RunOnceAsync(withRestore: true);
                step = again with { Duration = step.Duration + again.Duration };
                restore = true;
            }

            var missing = full.Values.Where(p => !assemblies.ContainsKey(p)).ToList();
            if (step.Succeeded && missing.Count > 0)
            {
                // MSBuild succeeded but did not say where a test project's assembly is: nothing would tell which build the stage ran.
                step = step with { ExitCode = 1, LogTail = $"{step.LogTail}\nslipway: the build did not report the assembly of {string.Join(", ", missing)}" };
            }

            return new Outcome(step, assemblies, restore);

            async Task<StepResult> RunOnceAsync(bool withRestore)
            {
                // One node (-m:1): no worker node's start (about 0.7 s here); the build runs in the service's own MSBuild server.
                var command = $"dotnet msbuild '{project}' -nologo -v:m -clp:NoSummary -tl:off -m:1{(withRestore ? " -restore" : string.Empty)}";
                return await ShellStep.RunAsync(command, workspace, logPath, timeout, OwnBuildServer(environment), line =>
                {
                    if (ParseBuilt(line) is ({ } source, { } assembly) && full.TryGetValue(source, out var entry))
                    {
                        lock (assemblies)
                        {
                            assemblies[entry] = assembly;
                        }
                    }
                }, time, cancellationToken, masker, user);
            }
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The step's environment with the SDK's MSBuild server on, salted per service: MSBuild only connects to a server or
    /// node whose handshake has the same salt, so each service (each HOME, and each user through the handshake itself)
    /// gets a server of its own, which keeps its evaluation caches and JIT-compiled code between that service's builds
    /// and never serves another's. Unsalted, the server is one per user, and it kept NuGet's settings from the HOME of
    /// the first service it built for (tried, and reverted, for the shell steps).
    /// </summary>
    internal static IReadOnlyDictionary<string, string> OwnBuildServer(IReadOnlyDictionary<string, string> environment)
    {
        var salted = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1",
            ["MSBUILDNODEHANDSHAKESALT"] = "slipway-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(environment.GetValueOrDefault("HOME") ?? string.Empty)))[..16],
        };
        return salted;
    }

    /// <summary>
    /// What the restore depends on beyond the repository's files: the build's own shape, the installed SDKs and the step's
    /// environment (MSBuild reads every variable as a property). Only a hash is kept, so no secret is written down.
    /// </summary>
    public static string RestoreKey(DotnetBuildConfig dotnet, IReadOnlyList<string> testProjects, string artifact, IReadOnlyDictionary<string, string> environment)
    {
        var text = new StringBuilder();
        text.Append("project=").Append(dotnet.Project).Append('\n')
            .Append("configuration=").Append(dotnet.Configuration).Append('\n')
            .Append("runtime=").Append(Runtime(dotnet)).Append('\n')
            .Append("artifact=").Append(artifact).Append('\n');
        foreach (var test in testProjects.Order(StringComparer.Ordinal))
        {
            text.Append("test=").Append(test).Append('\n');
        }

        foreach (var (key, value) in environment.Where(e => e.Key != "SLIPWAY_COMMIT").OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append("env:").Append(key).Append('=').Append(value).Append('\n');
        }

        foreach (var sdk in InstalledSdks(environment.GetValueOrDefault("PATH")))
        {
            text.Append("sdk=").Append(sdk).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The runtime identifier to build for: <c>runtime:</c>, with <c>host</c> read as this machine's; null for a portable build.</summary>
    internal static string? Runtime(DotnetBuildConfig dotnet) =>
        dotnet.Runtime == DotnetBuildConfig.HostRuntime ? RuntimeInformation.RuntimeIdentifier : dotnet.Runtime;

    /// <summary>
    /// The generated traversal: <c>Restore</c> restores every project (under <c>-restore</c>, in MSBuild's own restore
    /// pass), <c>Build</c> builds them all with one set of global properties, so the publish reuses the project instance
    /// that the test projects' references built, then prints each built assembly.
    /// </summary>
    internal static string Traversal(string publishProject, IEnumerable<string> testProjects, string configuration, string publishDir, string? runtime = null)
    {
        // With a runtime, every project (the test projects too) builds for it, so the publish still reuses their build.
        var properties = $"Configuration={Escape(configuration)};PublishDir={Escape(publishDir)};_IsPublishing=true"
            + (runtime is null ? string.Empty : $";RuntimeIdentifier={Escape(runtime)};SelfContained=false");
        var projects = testProjects.Append(publishProject).Distinct(StringComparer.Ordinal).ToList();
        var document = new XElement(
            "Project",
            new XAttribute("DefaultTargets", "Build"),
            new XElement("ItemGroup", projects.Select(p => new XElement("SlipwayProject", new XAttribute("Include", Escape(p))))),
            new XElement("ItemGroup", new XElement("SlipwayPublish", new XAttribute("Include", Escape(publishProject)))),
            new XElement(
                "Target",
                new XAttribute("Name", "Restore"),
                new XElement("MSBuild", new XAttribute("Projects", "@(SlipwayProject)"), new XAttribute("Targets", "Restore"), new XAttribute("Properties", properties))),
            new XElement(
                "Target",
                new XAttribute("Name", "Build"),
                new XElement(
                    "MSBuild",
                    new XAttribute("Projects", "@(SlipwayProject)"),
                    new XAttribute("Targets", "Build"),
                    new XAttribute("Properties", properties),
                    new XAttribute("BuildInParallel", "true"),
                    new XElement("Output", new XAttribute("TaskParameter", "TargetOutputs"), new XAttribute("ItemName", "SlipwayBuilt"))),
                new XElement("MSBuild", new XAttribute("Projects", "@(SlipwayPublish)"), new XAttribute("Targets", "Publish"), new XAttribute("Properties", properties)),
                new XElement(
                    "Message",
                    new XAttribute("Importance", "high"),
                    new XAttribute("Text", BuiltLine + "%(SlipwayBuilt.MSBuildSourceProjectFile)\t%(SlipwayBuilt.FullPath)"))));
        return document.ToString();
    }

    /// <summary>A "slipway: built" line: the project and its built assembly, or nulls for any other line.</summary>
    internal static (string? Project, string? Assembly) ParseBuilt(string line)
    {
        var trimmed = line.TrimStart();
        if (!trimmed.StartsWith(BuiltLine, StringComparison.Ordinal))
        {
            return (null, null);
        }

        var parts = trimmed[BuiltLine.Length..].Split('\t');
        return parts.Length == 2 && Path.IsPathRooted(parts[0]) && Path.IsPathRooted(parts[1]) ? (parts[0], parts[1].TrimEnd()) : (null, null);
    }

    internal static bool IsProjectFile(string path) =>
        path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    /// <summary>MSBuild's escaping (%XX) of the characters it would read as wildcards, separators, properties or items.</summary>
    internal static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '%' or '*' or '?' or '@' or '$' or '(' or ')' or ';' or '\'')
            {
                text.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>The SDK versions next to the first <c>dotnet</c> on <paramref name="path"/>: an SDK installed or removed changes the restore.</summary>
    private static IEnumerable<string> InstalledSdks(string? path)
    {
        foreach (var directory in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "dotnet");
            if (!File.Exists(candidate))
            {
                continue;
            }

            var resolved = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            var sdks = Path.Combine(Path.GetDirectoryName(resolved)!, "sdk");
            return Directory.Exists(sdks)
                ? Directory.EnumerateDirectories(sdks).Select(d => resolved + ":" + Path.GetFileName(d)).Order(StringComparer.Ordinal).Take(256).ToList()
                : [resolved];
        }

        return [];
    }
}
