namespace Slipway.TestKit;

/// <summary>A real git repository in a temp folder, on branch main, where tests commit.</summary>
public sealed class GitRepository
{
    private GitRepository(string path) => Path = path;

    public string Path { get; }

    public static async Task<GitRepository> InitAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        var repo = new GitRepository(path);
        await repo.GitAsync(cancellationToken, "init", "--quiet", "--initial-branch=main");
        return repo;
    }

    public void WriteFile(string relativePath, string content)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    /// <summary>Commits everything in the work tree; returns the new commit's sha.</summary>
    public async Task<string> CommitAsync(string message, CancellationToken cancellationToken)
    {
        await GitAsync(cancellationToken, "add", "--all");
        await GitAsync(cancellationToken, "-c", "user.name=Slipway Tests", "-c", "user.email=tests@slipway.invalid", "commit", "--quiet", "--allow-empty", "-m", message);
        return await GitAsync(cancellationToken, "rev-parse", "HEAD");
    }

    /// <summary>Moves main (and the work tree) to <paramref name="commit"/>, as a force-push would.</summary>
    public Task ResetAsync(string commit, CancellationToken cancellationToken) =>
        GitAsync(cancellationToken, "reset", "--quiet", "--hard", commit);

    private Task<string> GitAsync(CancellationToken cancellationToken, params string[] args) =>
        Shell.RunAsync("git", Path, args, cancellationToken, new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "0" });
}
