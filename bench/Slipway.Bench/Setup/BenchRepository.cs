using Slipway.Server.Pipelines;

namespace Slipway.Bench.Setup;

/// <summary>A real git repository in a temp folder; each commit writes slipway.yml and a marker so that it is a new version.</summary>
internal sealed class BenchRepository(string path)
{
    /// <summary>
    /// Fails the self-test on every instance of a rollout except its first (id ending in "-1"): wave 1 passes and is
    /// routed, wave 2 fails. Replacements of the old version use the old config, so they do not run this script.
    /// </summary>
    private const string FailAfterWaveOne = """
        # Bench: only the rollout's first instance gets a greeting; the others fail their self-test.
        case "$SLIPWAY_INSTANCE_ID" in
          *-1) ;;
          *) export Greeting__Text= ;;
        esac
        exec dotnet Hello.dll --urls "http://127.0.0.1:$1"
        """;

    private int _commits;

    public string Path { get; } = path;

    public static async Task<BenchRepository> CreateAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(path);
        await Git.RunAsync(path, ct, "init", "--quiet", "--initial-branch=main");
        return new BenchRepository(path);
    }

    /// <summary>Commits a hand-written slipway.yml and the given files (for services other than the sample).</summary>
    public async Task<string> CommitFilesAsync(IReadOnlyDictionary<string, string> files, string message, CancellationToken ct)
    {
        _commits++;
        foreach (var (name, content) in files)
        {
            await File.WriteAllTextAsync(System.IO.Path.Combine(Path, name), content, ct);
        }

        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "marker.txt"), $"commit {_commits}: {message}\n", ct);
        await Git.RunAsync(Path, ct, "add", "--all");
        await Git.RunAsync(Path, ct, "-c", "user.name=Slipway Bench", "-c", "user.email=bench@slipway.invalid", "commit", "--quiet", "-m", message);
        return await Git.RunAsync(Path, ct, "rev-parse", "HEAD");
    }

    public async Task<string> CommitAsync(BenchConfig config, string message, CancellationToken ct)
    {
        _commits++;
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "slipway.yml"), config.ToYaml(), ct);
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "marker.txt"), $"commit {_commits}: {message}\n", ct);
        if (config.RunScript)
        {
            await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "run.sh"), FailAfterWaveOne + "\n", ct);
        }

        await Git.RunAsync(Path, ct, "add", "--all");
        await Git.RunAsync(Path, ct, "-c", "user.name=Slipway Bench", "-c", "user.email=bench@slipway.invalid", "commit", "--quiet", "-m", message);
        return await Git.RunAsync(Path, ct, "rev-parse", "HEAD");
    }
}
