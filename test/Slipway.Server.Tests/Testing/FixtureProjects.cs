using Slipway.Server.Testing;

namespace Slipway.Server.Tests.Testing;

/// <summary>
/// Builds the fixture test projects under test/fixtures once, into a temp folder, for all the
/// test-stage integration tests.
/// </summary>
public sealed class FixtureProjects : IAsyncLifetime
{
    private readonly Dictionary<string, string> _executables = new(StringComparer.Ordinal);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "slipway-teststage-" + Guid.NewGuid().ToString("N")[..8]);

    public string Planted => _executables["Planted"];

    public string Passing => _executables["Passing"];

    public string Unshuffled => _executables["Unshuffled"];

    public string Empty => _executables["Empty"];

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Slipway.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Slipway.slnx).");
        }
    }

    public async ValueTask InitializeAsync()
    {
        // Build Slipway.Testing once and copy it into the folder of each fixture that references it, then build the
        // fixtures side by side without rebuilding it (--no-dependencies): each fixture has its own obj folder.
        string[] names = ["Planted", "Passing", "Unshuffled", "Empty"];
        var package = Path.Combine(RepositoryRoot, "src", "Slipway.Testing", "Slipway.Testing.csproj");
        var packageFolder = Path.Combine(Root, "Slipway.Testing");
        var packageBuild = await TestProjectBuilder.BuildAsync(package, packageFolder, TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None);
        if (packageBuild.Output.Contains(": error ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Slipway.Testing did not build:\n{packageBuild.Output}");
        }

        foreach (var name in names.Where(n => n != "Unshuffled"))
        {
            Directory.CreateDirectory(Path.Combine(Root, name));
            foreach (var file in Directory.EnumerateFiles(packageFolder, "Slipway.Testing.*"))
            {
                File.Copy(file, Path.Combine(Root, name, Path.GetFileName(file)), overwrite: true);
            }
        }

        var builds = await Task.WhenAll(names.Select(name => TestProjectBuilder.BuildAsync(
            Path.Combine(RepositoryRoot, "test", "fixtures", name, $"Slipway.Fixtures.{name}.csproj"),
            Path.Combine(Root, name),
            TimeSpan.FromMinutes(5),
            TimeProvider.System,
            CancellationToken.None,
            ["--no-dependencies"])));
        foreach (var (name, build) in names.Zip(builds))
        {
            if (!build.Succeeded)
            {
                throw new InvalidOperationException($"Fixture {name} did not build:\n{build.Output}");
            }

            _executables[name] = build.ExecutablePath!;
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    public string NewFolder()
    {
        var folder = Path.Combine(Root, "runs", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
