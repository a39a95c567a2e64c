using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>Reads the top level of <c>slipway.yml</c> into a <see cref="ServiceConfig"/>.</summary>
internal static partial class ServiceConfigReader
{
    private static readonly string[] TopLevelKeys =
    [
        "build", "test", "artifact", "run", "env", "selftest", "instances", "waves", "bake", "stop_timeout", "timeouts",
        "checks", "judge", "tests", "flags", "build_secrets", "migrations", "workspace",
    ];

    private static readonly (string, WorkspaceMode)[] WorkspaceModes = [("warm", WorkspaceMode.Warm), ("clean", WorkspaceMode.Clean)];

    private static readonly string[] SelfTestKeys = ["path", "timeout"];

    private static readonly string[] TimeoutKeys = ["build", "test"];

    private static readonly string[] DotnetBuildKeys = ["dotnet", "configuration", "runtime"];

    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    public static ServiceConfig? Read(ConfigReader reader, YamlNode root)
    {
        var top = reader.Section(root, "", TopLevelKeys, "a mapping of keys such as build, artifact and run");
        if (top is null)
        {
            return null;
        }

        var (build, dotnet) = ReadBuild(top);
        var test = top.String("test", what: "a shell command");
        var artifact = RelativePath(top, "artifact", required: true);
        var run = top.String("run", required: true, what: "a shell command");
        var env = ReadEnv(top);
        var selfTest = ReadSelfTest(top);
        var instances = top.Int("instances", 1, ServiceConfig.MaxInstances);
        var instancesValid = instances is not null || top.Value("instances") is null;
        var waves = ReadWaves(top, instancesValid ? instances ?? 1 : null);
        var bake = top.Duration("bake", TimeSpan.Zero);
        var stopTimeout = top.Duration("stop_timeout", TimeSpan.Zero);
        var timeouts = ReadTimeouts(top);
        var checks = ChecksReader.Read(top);
        var judge = JudgeReader.Read(top);
        var tests = TestsReader.Read(top);
        var flags = RelativePath(top, "flags", required: false);
        var buildSecrets = ReadBuildSecrets(top);
        var migrations = MigrationsReader.Read(top);
        var workspace = top.Choice("workspace", WorkspaceModes);

        if (build is null || artifact is null || run is null)
        {
            return null;
        }

        var defaults = new ServiceConfig { Build = build, Artifact = artifact, Run = run };
        return defaults with
        {
            Dotnet = dotnet,
            Test = test,
            Env = env,
            SelfTest = selfTest,
            Instances = instances ?? 1,
            Waves = waves,
            Bake = bake ?? defaults.Bake,
            StopTimeout = stopTimeout ?? defaults.StopTimeout,
            Timeouts = timeouts,
            Checks = checks,
            Judge = judge,
            Tests = tests,
            Flags = flags,
            BuildSecrets = buildSecrets,
            Migrations = migrations,
            Workspace = workspace ?? WorkspaceMode.Warm,
        };
    }

    /// <summary>
    /// <c>build:</c> is shell commands (a string or a list), or <c>{ dotnet: project }</c>: Slipway's own .NET build
    /// (<see cref="DotnetBuildConfig"/>), which runs no shell command, so its list of commands is empty.
    /// </summary>
    private static (IReadOnlyList<string>? Commands, DotnetBuildConfig? Dotnet) ReadBuild(ConfigSection top)
    {
        const string What = "a shell command, a list of them, or a mapping with dotnet: the project to publish";
        var value = top.Value("build", required: true);
        switch (value)
        {
            case null:
                return (null, null);
            case YamlScalarNode:
                return (top.ReadString(value, "build", What) is { } single ? [single] : null, null);
            case YamlSequenceNode { Children.Count: 0 }:
                top.Reader.Error(value, "build", "expected at least one command, got an empty list");
                return (null, null);
            case YamlSequenceNode list:
                var commands = new List<string>();
                for (var i = 0; i < list.Children.Count; i++)
                {
                    if (top.ReadString(list.Children[i], ConfigReader.Path("build", i), "a shell command") is { } command)
                    {
                        commands.Add(command);
                    }
                }

                return (commands.Count == list.Children.Count ? commands : null, null);
            case YamlMappingNode:
                return ReadDotnetBuild(top);
            default:
                top.Reader.Error(value, "build", $"expected {What}, got {ConfigReader.Describe(value)}");
                return (null, null);
        }
    }

    /// <summary><c>build: { dotnet: src/App/App.csproj, configuration: Release, runtime: linux-x64 }</c>.</summary>
    private static (IReadOnlyList<string>? Commands, DotnetBuildConfig? Dotnet) ReadDotnetBuild(ConfigSection top)
    {
        var section = top.Section("build", DotnetBuildKeys, "a mapping with dotnet: the project to publish");
        if (section is null)
        {
            return (null, null);
        }

        var project = RelativePath(section, "dotnet", required: true);
        if (project is not null && !ProjectExtensions.Any(e => project.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            top.Reader.Error(section.Value("dotnet")!, section.PathOf("dotnet"), $"expected a project file (.csproj, .fsproj or .vbproj), got {ConfigReader.Quote(project)}");
            project = null;
        }

        var configuration = section.String("configuration", what: "a build configuration such as Release");
        if (configuration is not null && !BuildConfiguration().IsMatch(configuration))
        {
            top.Reader.Error(section.Value("configuration")!, section.PathOf("configuration"), $"expected a configuration name (letters, digits, '.', '_' or '-'), got {ConfigReader.Quote(configuration)}");
            configuration = null;
        }

        var runtime = section.String("runtime", what: "a runtime identifier such as linux-x64, or host");
        if (runtime is not null && !RuntimeIdentifier().IsMatch(runtime))
        {
            top.Reader.Error(section.Value("runtime")!, section.PathOf("runtime"), $"expected a runtime identifier such as linux-x64 (lower-case letters, digits, '.' or '-'), or host, got {ConfigReader.Quote(runtime)}");
            runtime = null;
        }

        if (project is null
            || (configuration is null && section.Value("configuration") is not null)
            || (runtime is null && section.Value("runtime") is not null))
        {
            return (null, null);
        }

        return ([], new DotnetBuildConfig { Project = project, Configuration = configuration ?? DotnetBuildConfig.DefaultConfiguration, Runtime = runtime });
    }

    /// <summary><c>build_secrets: [NAME, …]</c>: the service's secrets that its build and test steps may read (none by default).</summary>
    private static IReadOnlyList<string> ReadBuildSecrets(ConfigSection top)
    {
        var value = top.Value("build_secrets");
        if (value is null || ConfigReader.IsNull(value))
        {
            return [];
        }

        if (value is not YamlSequenceNode list)
        {
            top.Reader.Error(value, "build_secrets", $"expected a list of secret names, got {ConfigReader.Describe(value)}");
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = ConfigReader.Path("build_secrets", i);
            if (top.ReadString(list.Children[i], path, "a secret name") is not { } name)
            {
                continue;
            }

            if (!EnvName().IsMatch(name))
            {
                top.Reader.Error(list.Children[i], path, $"expected a secret name (letters, digits and _), got '{name}'");
                continue;
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>A path inside the repository: relative, and never climbing out of it with <c>..</c>.</summary>
    internal static string? RelativePath(ConfigSection section, string key, bool required)
    {
        var path = section.String(key, required, "a path relative to the repository");
        if (path is null)
        {
            return null;
        }

        var value = section.Value(key)!;
        if (path.StartsWith('/') || path.StartsWith('\\') || Path.IsPathRooted(path) || DriveLetter().IsMatch(path))
        {
            section.Reader.Error(value, section.PathOf(key), $"must be a path relative to the repository, got {ConfigReader.Quote(path)}");
            return null;
        }

        if (path.Split('/', '\\').Contains(".."))
        {
            section.Reader.Error(value, section.PathOf(key), $"must stay inside the repository (no ..), got {ConfigReader.Quote(path)}");
            return null;
        }

        return path;
    }

    private static IReadOnlyDictionary<string, string> ReadEnv(ConfigSection top)
    {
        var value = top.Value("env");
        if (value is null)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        if (value is not YamlMappingNode mapping)
        {
            top.Reader.Error(value, "env", $"expected a mapping of NAME: value, got {ConfigReader.Describe(value)}");
            return ImmutableDictionary<string, string>.Empty;
        }

        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } || !EnvName().IsMatch(name))
            {
                top.Reader.Error(keyNode, "env", $"expected an environment variable name (letters, digits and _), got {ConfigReader.Describe(keyNode)}");
                continue;
            }

            var path = ConfigReader.Path("env", name);
            if (name == "PORT" || name.StartsWith("SLIPWAY_", StringComparison.Ordinal))
            {
                top.Reader.Error(keyNode, path, "is reserved: Slipway sets PORT and SLIPWAY_* for every instance");
                continue;
            }

            if (ConfigReader.IsNull(valueNode))
            {
                env[name] = "";
            }
            else if (valueNode is YamlScalarNode { Value: { } text })
            {
                env[name] = text;
            }
            else
            {
                top.Reader.Error(valueNode, path, $"expected a single value, got {ConfigReader.Describe(valueNode)}");
            }
        }

        return env.ToImmutable();
    }

    private static SelfTestConfig ReadSelfTest(ConfigSection top)
    {
        var defaults = new SelfTestConfig();
        var section = top.Section("selftest", SelfTestKeys, "a mapping with path and timeout");
        if (section is null)
        {
            return defaults;
        }

        var path = section.String("path", what: "an HTTP path such as /selftest");
        if (path is not null && !path.StartsWith('/'))
        {
            top.Reader.Error(section.Value("path")!, section.PathOf("path"), $"must start with /, got {ConfigReader.Quote(path)}");
        }

        return new SelfTestConfig
        {
            Path = path ?? defaults.Path,
            Timeout = section.Duration("timeout", TimeSpan.FromMilliseconds(1)) ?? defaults.Timeout,
        };
    }

    private static WavesConfig ReadWaves(ConfigSection top, int? instances)
    {
        var value = top.Value("waves");
        switch (value)
        {
            case null:
                return WavesConfig.Exponential;
            case YamlScalarNode { Value: "exponential" }:
                return WavesConfig.Exponential;
            case YamlSequenceNode { Children.Count: 0 }:
                top.Reader.Error(value, "waves", "expected at least one wave size, got an empty list");
                return WavesConfig.Exponential;
            case YamlSequenceNode list:
                return ReadWaveList(top.Reader, list, instances);
            case YamlScalarNode { Value: { } text } when KeySuggester.Suggest(text, ["exponential"]) is not null:
                top.Reader.Error(value, "waves", $"expected exponential or a list of wave sizes such as [1, 2, 4]; got {ConfigReader.Quote(text)}, did you mean \"exponential\"?");
                return WavesConfig.Exponential;
            default:
                top.Reader.Error(value, "waves", $"expected exponential or a list of wave sizes such as [1, 2, 4]; got {ConfigReader.Describe(value)}");
                return WavesConfig.Exponential;
        }
    }

    /// <summary>Reads explicit wave sizes; their sum is checked against <paramref name="instances"/> unless that is itself invalid.</summary>
    private static WavesConfig ReadWaveList(ConfigReader reader, YamlSequenceNode list, int? instances)
    {
        var sizes = new List<int>();
        var valid = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (item is YamlScalarNode { Value: { } text } && int.TryParse(text, out var size) && size >= 1)
            {
                sizes.Add(size);
            }
            else
            {
                reader.Error(item, ConfigReader.Path("waves", i), $"expected a wave size of at least 1, got {ConfigReader.Describe(item)}");
                valid = false;
            }
        }

        if (!valid)
        {
            return WavesConfig.Exponential;
        }

        long sum = sizes.Sum(s => (long)s);
        if (sum > instances)
        {
            reader.Error(list, "waves", $"the waves add up to {sum}, more than instances ({instances}); the last waves would never run");
        }

        return WavesConfig.Explicit(sizes);
    }

    private static StepTimeouts ReadTimeouts(ConfigSection top)
    {
        var defaults = new StepTimeouts();
        var section = top.Section("timeouts", TimeoutKeys, "a mapping with build and test");
        if (section is null)
        {
            return defaults;
        }

        return new StepTimeouts
        {
            Build = section.Duration("build", TimeSpan.FromSeconds(1)) ?? defaults.Build,
            Test = section.Duration("test", TimeSpan.FromSeconds(1)) ?? defaults.Test,
        };
    }

    internal static bool IsEnvName(string name) => EnvName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex BuildConfiguration();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,63}$")]
    private static partial Regex RuntimeIdentifier();

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
