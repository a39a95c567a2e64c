using Slipway.Core.Config;
using Slipway.Core.Sandbox;

namespace Slipway.Server.Pipelines;

/// <summary>
/// A service's persistent checkout (<c>workspaces/&lt;service&gt;</c>): each run checks out its exact commit there and
/// removes every untracked file except <c>obj/</c> and <c>bin/</c>, so that the build is incremental. The build state
/// is kept only when it came from a successful build (the marker <c>workspaces/&lt;service&gt;.built</c>, root's, names
/// its commit) and no build input changed since (<see cref="IsBuildInput"/>); otherwise, or with
/// <c>workspace: clean</c>, the run starts from a tree identical to a fresh clone.
/// </summary>
/// <remarks>
/// When steps run as another user, that user owns the workspace and could have changed its <c>.git</c> (hooks,
/// <c>core.fsmonitor</c>): git then runs there as that user too, never as the server's own.
/// </remarks>
internal sealed class WarmWorkspace(string workspace, string mirror, RunAsUser? user, string home)
{
    public string Path => workspace;

    private string Marker => workspace + ".built";

    /// <summary>root's record of the last restore of <c>build: dotnet</c>: "&lt;commit&gt; &lt;restore key&gt;".</summary>
    private string RestoreMarker => workspace + ".restored";

    /// <summary>The restore record read at checkout, kept only while the build state it belongs to is kept.</summary>
    private (string Commit, string Key)? _lastRestore;

    /// <summary>The commit whose successful build the workspace holds, read (and forgotten) by <see cref="CheckoutAsync"/>.</summary>
    public string? LastBuilt { get; private set; }

    /// <summary>Whether the last checkout reused the existing clone (false: it cloned afresh).</summary>
    public bool Reused { get; private set; }

    /// <summary>
    /// Checks out exactly <paramref name="commit"/> and removes untracked files but <c>obj/</c> and <c>bin/</c>. A clone
    /// that git can no longer use (objects pruned, a broken index) is replaced by a fresh one.
    /// </summary>
    public async Task CheckoutAsync(string commit, CancellationToken cancellationToken)
    {
        LastBuilt = ReadMarker();
        _lastRestore = ReadRestoreMarker();
        TryDeleteFile(Marker);
        TryDeleteFile(RestoreMarker);
        if (Directory.Exists(System.IO.Path.Combine(workspace, ".git")))
        {
            try
            {
                await GitAsync(cancellationToken, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--force", "--detach", commit);
                await GitAsync(cancellationToken, LastBuilt is null ? ["clean", "-ffdxq"] : ["clean", "-ffdxq", "-e", "obj/", "-e", "bin/"]);
                Reused = true;
                return;
            }
            catch (GitException)
            {
                // Fall through to a fresh clone: a warm workspace is only ever a shortcut.
            }
        }

        LastBuilt = null;
        Reused = false;
        await Git.CheckoutAsync(mirror, commit, workspace, cancellationToken);
    }

    /// <summary>
    /// Removes the kept build state when it cannot be trusted for <paramref name="commit"/>; returns what the build starts
    /// from, for the checkout step's log ("warm: obj/ and bin/ of 1a2b3c4" or "clean: global.json changed since 1a2b3c4").
    /// </summary>
    public async Task<string> SettleAsync(string commit, WorkspaceMode mode, CancellationToken cancellationToken)
    {
        var kept = LastBuilt is not null;
        var reason = LastBuilt is null
            ? (Reused ? "no successful build to start from" : "fresh clone")
            : mode is WorkspaceMode.Clean
                ? "workspace: clean in slipway.yml"
                : await ChangedBuildInputAsync(LastBuilt, commit, cancellationToken) is { } changed
                    ? $"{changed} changed since {Short(LastBuilt)}"
                    : null;
        if (reason is null)
        {
            return $"warm: obj/ and bin/ of {Short(LastBuilt!)}";
        }

        if (kept)
        {
            await GitAsync(cancellationToken, "clean", "-ffdxq");
        }

        LastBuilt = null;
        _lastRestore = null;
        return $"clean: {reason}";
    }

    /// <summary>Forgets the workspace and its build state: the next checkout is a fresh clone (the bench's cold mode).</summary>
    public void Delete()
    {
        TryDeleteFile(Marker);
        TryDeleteFile(RestoreMarker);
        if (Directory.Exists(workspace))
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    /// <summary>Records that the workspace now holds a successful build of <paramref name="commit"/>.</summary>
    public void MarkBuilt(string commit) => File.WriteAllText(Marker, commit);

    /// <summary>Records that <c>build: dotnet</c> built <paramref name="commit"/> on a restore that <paramref name="key"/> describes.</summary>
    public void MarkRestored(string commit, string key) => File.WriteAllText(RestoreMarker, $"{commit} {key}");

    /// <summary>
    /// Whether <c>build: dotnet</c> may skip NuGet's restore for <paramref name="commit"/>, and why (for the build log).
    /// Only when the kept build state (<see cref="SettleAsync"/> said warm) came from a <c>build: dotnet</c> of the same
    /// shape (<paramref name="key"/>: projects, configuration, SDKs, environment) and no project, props, targets or
    /// response file changed since: then every project's <c>obj/project.assets.json</c> is what a restore would write.
    /// </summary>
    public async Task<(bool Skip, string Why)> RestoreDecisionAsync(string commit, string key, CancellationToken cancellationToken)
    {
        if (LastBuilt is null)
        {
            return (false, "restore: no kept build state");
        }

        if (_lastRestore is not { } last || last.Commit != LastBuilt)
        {
            return (false, $"restore: the build of {Short(LastBuilt)} was not a build: dotnet");
        }

        if (last.Key != key)
        {
            return (false, "restore: the projects, the configuration, the SDKs or the environment changed");
        }

        try
        {
            var names = await Git.RunAsync(mirror, cancellationToken, "diff", "--name-only", "--no-renames", LastBuilt, commit, "--");
            if (names.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(IsRestoreInput) is { } changed)
            {
                return (false, $"restore: {changed} changed since {Short(LastBuilt)}");
            }
        }
        catch (GitException)
        {
            return (false, "restore: the history since the last build cannot be read");
        }

        return (true, $"restore skipped: no project file changed since {Short(LastBuilt)}, whose build restored the same projects");
    }

    /// <summary>A file that NuGet's restore reads: project files, props and targets, response files, and every <see cref="IsBuildInput"/>.</summary>
    internal static bool IsRestoreInput(string path)
    {
        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        return IsBuildInput(path)
            || name.EndsWith(".csproj", StringComparison.Ordinal) || name.EndsWith(".fsproj", StringComparison.Ordinal) || name.EndsWith(".vbproj", StringComparison.Ordinal)
            || name.EndsWith(".proj", StringComparison.Ordinal) || name.EndsWith(".props", StringComparison.Ordinal) || name.EndsWith(".targets", StringComparison.Ordinal)
            || name.EndsWith(".rsp", StringComparison.Ordinal);
    }

    /// <summary>
    /// Files whose change makes every project's restore and build state suspect: the SDK pin, the props and targets that
    /// every project imports, central package versions, NuGet config and lock files.
    /// </summary>
    internal static bool IsBuildInput(string path)
    {
        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        return name is "global.json" or "nuget.config" or "packages.lock.json" or "directory.packages.props"
            || (name.StartsWith("directory.", StringComparison.Ordinal) && (name.EndsWith(".props", StringComparison.Ordinal) || name.EndsWith(".targets", StringComparison.Ordinal)))
            || name.EndsWith(".lock.json", StringComparison.Ordinal);
    }

    /// <summary>The first build input that differs between the two commits, read in the mirror (root's own, trusted).</summary>
    private async Task<string?> ChangedBuildInputAsync(string from, string to, CancellationToken cancellationToken)
    {
        try
        {
            var names = await Git.RunAsync(mirror, cancellationToken, "diff", "--name-only", "--no-renames", from, to, "--");
            return names.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(IsBuildInput);
        }
        catch (GitException)
        {
            // The old commit is gone from the mirror (a force-push and a gc): nothing can be compared, so start clean.
            return "the history";
        }
    }

    private Task<string> GitAsync(CancellationToken cancellationToken, params string[] args) =>
        Git.RunAsync(workspace, Git.NetworkTimeout, user, user is null ? null : home, cancellationToken, args);

    private string? ReadMarker()
    {
        try
        {
            var text = File.Exists(Marker) ? File.ReadAllText(Marker).Trim() : null;
            return text is { Length: >= 7 } && text.All(char.IsAsciiHexDigit) ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private (string Commit, string Key)? ReadRestoreMarker()
    {
        try
        {
            var parts = File.Exists(RestoreMarker) ? File.ReadAllText(RestoreMarker).Trim().Split(' ') : [];
            return parts is [var commit, var key] && commit.All(char.IsAsciiHexDigit) ? (commit, key) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Short(string commit) => commit[..Math.Min(7, commit.Length)];

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
