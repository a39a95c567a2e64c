using System.Collections.Immutable;
using System.Globalization;
using Slipway.Core.Judge;

namespace Slipway.Core.Config;

/// <summary>
/// The per-service configuration read from <c>slipway.yml</c> at the root of the service's repository.
/// Produced by <see cref="SlipwayConfigParser.Parse"/>; every value has already been validated.
/// </summary>
public sealed record ServiceConfig
{
    /// <summary>The largest allowed value of <see cref="Instances"/>.</summary>
    public const int MaxInstances = 500;

    /// <summary>Shell commands run in order in the checkout. At least one, unless <see cref="Dotnet"/> is the build (then none).</summary>
    public required IReadOnlyList<string> Build { get; init; }

    /// <summary><c>build: { dotnet: … }</c>: Slipway's own .NET build instead of shell commands; <see langword="null"/> otherwise.</summary>
    public DotnetBuildConfig? Dotnet { get; init; }

    /// <summary>Shell command that runs the tests in the checkout; <see langword="null"/> means no test step.</summary>
    public string? Test { get; init; }

    /// <summary>Directory, relative to the checkout, that is packaged as the artifact.</summary>
    public required string Artifact { get; init; }

    /// <summary>Command run inside the unpacked artifact; <c>$PORT</c> is replaced by the instance's port (see <see cref="RunCommand"/>).</summary>
    public required string Run { get; init; }

    /// <summary>Extra environment variables for every instance.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Names of the service's secrets that its build and test steps receive as environment variables; none by default.</summary>
    public IReadOnlyList<string> BuildSecrets { get; init; } = [];

    public SelfTestConfig SelfTest { get; init; } = new();

    /// <summary>Number of instances that run the service, 1 to <see cref="MaxInstances"/>.</summary>
    public int Instances { get; init; } = 1;

    public WavesConfig Waves { get; init; } = WavesConfig.Exponential;

    /// <summary>How long each wave bakes before the next one starts.</summary>
    public TimeSpan Bake { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop may take before the instance is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public StepTimeouts Timeouts { get; init; } = new();

    /// <summary>
    /// The checks the judge applies during each bake and the watch window, exactly as it evaluates them;
    /// <see cref="Check.Defaults"/> when the file declares none.
    /// </summary>
    public IReadOnlyList<Check> Checks { get; init; } = Check.Defaults;

    /// <summary>The judge's settings, exactly as it uses them; <see cref="JudgeOptions.Default"/> for each value the file leaves out.</summary>
    public JudgeOptions Judge { get; init; } = JudgeOptions.Default;

    /// <summary>Test runner settings (reserved section); unset values mean the test runner's defaults.</summary>
    public TestsConfig Tests { get; init; } = new();

    /// <summary>Path, relative to the repository root, of a flagd JSON flag file; <see langword="null"/> if none.</summary>
    public string? Flags { get; init; }

    /// <summary>Database migrations (expand and contract) and their gate; <see langword="null"/> if the service has none.</summary>
    public MigrationsConfig? Migrations { get; init; }

    /// <summary>
    /// <c>workspace: warm</c> (the default) keeps the service's checkout and its <c>obj/</c> and <c>bin/</c> between runs, so
    /// the build is incremental; <c>workspace: clean</c> removes every untracked file before each build.
    /// </summary>
    public WorkspaceMode Workspace { get; init; } = WorkspaceMode.Warm;

    /// <summary>Wave sizes for rolling out to <paramref name="instances"/> instances; they add up to <paramref name="instances"/>.</summary>
    public IReadOnlyList<int> WavePlan(int instances) => Waves.Plan(instances);

    /// <summary>Wave sizes for rolling out to <see cref="Instances"/> instances.</summary>
    public IReadOnlyList<int> WavePlan() => Waves.Plan(Instances);

    /// <summary>The <see cref="Run"/> command with <c>$PORT</c> and <c>${PORT}</c> replaced by <paramref name="port"/>.</summary>
    public string RunCommand(int port)
    {
        var text = port.ToString(CultureInfo.InvariantCulture);
        return Run.Replace("${PORT}", text, StringComparison.Ordinal).Replace("$PORT", text, StringComparison.Ordinal);
    }
}
