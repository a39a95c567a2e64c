using Slipway.Core.Sandbox;
using Slipway.Server.Hosting;

namespace Slipway.Server.Secrets;

/// <summary>
/// What a build or test step runs in: a clean environment (<see cref="StepEnvironment"/>: PATH, HOME, the dotnet
/// variables, the locale, then what the pipeline adds by name), HOME in <c>home/&lt;service&gt;</c> under the data
/// folder, and, when the server runs as root, an unprivileged user (<see cref="SlipwayServerOptions.RunAs"/>, nobody by
/// default) that owns the workspace and that HOME, with a NuGet cache of its own that every service shares.
/// </summary>
internal sealed class StepSandbox
{
    private const UnixFileMode TraverseOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly ServerPaths _paths;
    private readonly string? _nugetPackages;
    private readonly Lazy<string?> _ownedNugetPackages;

    public StepSandbox(SlipwayServerOptions options, ServerPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        _paths = paths;
        User = RunAsUser.Resolve(options.RunAs);

        // The server's own NuGet cache is in its HOME, which another user cannot read; a NUGET_PACKAGES the operator set
        // is theirs to make readable.
        if (User is not null && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")))
        {
            _nugetPackages = Path.Combine(options.CacheDirectory, User.Name, "nuget-packages");
        }

        _ownedNugetPackages = new Lazy<string?>(OwnNugetPackages, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The user steps run as, or null to run them as the server's own user.</summary>
    public RunAsUser? User { get; }

    /// <summary>
    /// At start: with a run-as user, the data folder becomes traversable (0711, not listable) so the user reaches its
    /// workspace and HOME, and the journal file stays the server's own (0600).
    /// </summary>
    public void Prepare()
    {
        if (User is null || OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_paths.Root, TraverseOnly);
        foreach (var file in new[] { _paths.Journal, _paths.Journal + "-wal", _paths.Journal + "-shm" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    /// <summary>The step's environment: the clean base with the service's HOME, then <paramref name="variables"/>.</summary>
    public Dictionary<string, string> Environment(string service, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var home = _paths.Home(service);
        Directory.CreateDirectory(home);
        if (User is not null && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(home)!, TraverseOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            User.Own(home);
        }

        var environment = StepEnvironment.Base(home);
        if (_ownedNugetPackages.Value is { } packages)
        {
            environment["NUGET_PACKAGES"] = packages;
        }

        foreach (var (key, value) in variables)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>
    /// The run-as user's NuGet cache, made once: its parents stay root's (0755), the cache itself is the user's. Only
    /// that folder is handed over, not what is in it: the user is the only one who writes there.
    /// </summary>
    private string? OwnNugetPackages()
    {
        if (_nugetPackages is null || User is null || OperatingSystem.IsWindows())
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_nugetPackages)!);
        User.Own(_nugetPackages, recursive: false);
        return _nugetPackages;
    }

    /// <summary>Hands a checked-out workspace to the run-as user, so that its steps can write their output.</summary>
    public void PrepareWorkspace(string workspace)
    {
        if (User is not null && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(workspace)!, TraverseOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            User.Own(workspace);
        }
    }
}
