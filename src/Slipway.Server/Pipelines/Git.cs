using System.Diagnostics;

namespace Slipway.Server.Pipelines;

/// <summary>The few git operations Slipway needs, run through the real git binary.</summary>
internal static class Git
{
    public static async Task<string> RunAsync(string? workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {(await stderr).Trim()}");
        }

        return (await stdout).Trim();
    }

    /// <summary>Creates or refreshes a bare mirror of <paramref name="repository"/> (a path or any URL git can clone).</summary>
    public static async Task FetchMirrorAsync(string repository, string mirror, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(mirror))
        {
            var temp = mirror + ".tmp-" + Guid.NewGuid().ToString("N");
            await RunAsync(null, cancellationToken, "clone", "--quiet", "--mirror", repository, temp);
            Directory.Move(temp, mirror);
            return;
        }

        await RunAsync(mirror, cancellationToken, "fetch", "--quiet", "--prune", "origin", "+refs/heads/*:refs/heads/*");
    }

    /// <summary>Returns the commit the branch points at in the mirror, or null if the branch does not exist.</summary>
    public static async Task<string?> ResolveBranchAsync(string mirror, string branch, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(mirror, cancellationToken, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}");
        }
        catch (GitException)
        {
            return null;
        }
    }

    public static async Task<string?> ResolveCommitAsync(string mirror, string commitish, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(mirror, cancellationToken, "rev-parse", "--verify", "--quiet", $"{commitish}^{{commit}}");
        }
        catch (GitException)
        {
            return null;
        }
    }

    public static Task<string> SubjectAsync(string mirror, string commit, CancellationToken cancellationToken) =>
        RunAsync(mirror, cancellationToken, "log", "-1", "--format=%s", commit);

    /// <summary>Checks out exactly <paramref name="commit"/> into a fresh workspace that shares objects with the mirror.</summary>
    public static async Task CheckoutAsync(string mirror, string commit, string workspace, CancellationToken cancellationToken)
    {
        if (Directory.Exists(workspace))
        {
            Directory.Delete(workspace, recursive: true);
        }

        await RunAsync(null, cancellationToken, "clone", "--quiet", "--shared", "--no-checkout", mirror, workspace);
        await RunAsync(workspace, cancellationToken, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit);
    }
}
