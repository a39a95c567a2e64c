using System.Text;
using System.Text.RegularExpressions;
using Slipway.Core.Sandbox;
using Slipway.Server.Processes;

namespace Slipway.Server.Pipelines;

/// <summary>
/// The few git operations Slipway needs, run through the real git binary. Every call has a timeout (<see cref="NetworkTimeout"/>
/// for clone, fetch and checkout, <see cref="LocalTimeout"/> for the rest, unless the caller gives one); at the timeout or on
/// cancellation git is killed with every process it started (ssh, upload-pack, hooks), and a timeout is a <see cref="GitException"/>.
/// </summary>
internal static partial class Git
{
    /// <summary>For operations that may talk to a remote or write a whole tree: clone, fetch, checkout, push, pull.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromMinutes(2);

    /// <summary>For local queries and small local writes: rev-parse, log, init, add, commit, config.</summary>
    public static readonly TimeSpan LocalTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] SlowVerbs = ["clone", "fetch", "checkout", "push", "pull", "gc", "repack"];

    public static Task<string> RunAsync(string? workingDirectory, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(workingDirectory, DefaultTimeout(args), cancellationToken, args);

    public static Task<string> RunAsync(string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(workingDirectory, timeout, null, null, cancellationToken, args);

    /// <summary>
    /// Runs git as <paramref name="user"/> (when not null) with HOME at <paramref name="home"/>: for a folder that user owns
    /// and may have changed, such as a warm workspace, whose <c>.git</c> root must never trust (hooks, <c>core.fsmonitor</c>).
    /// </summary>
    public static async Task<string> RunAsync(
        string? workingDirectory, TimeSpan timeout, RunAsUser? user, string? home, CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        void Append(StringBuilder to, string line)
        {
            lock (to)
            {
                to.Append(line).Append('\n');
            }
        }

        var environment = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" };
        if (home is not null)
        {
            environment["HOME"] = home;
            environment["XDG_CONFIG_HOME"] = null;
        }

        var result = await ExternalProcess.RunAsync(
            "git", args, workingDirectory, environment, l => Append(stdout, l), l => Append(stderr, l), timeout, TimeProvider.System, cancellationToken, runAs: user);
        if (result.TimedOut)
        {
            throw new GitException($"git {Verb(args)} timed out after {timeout.TotalSeconds:0.#} s and was killed: git {Redact(string.Join(' ', args))}");
        }

        if (result.ExitCode != 0)
        {
            string error;
            lock (stderr)
            {
                error = stderr.ToString().Trim();
            }

            throw new GitException($"git {Redact(string.Join(' ', args))} failed ({result.ExitCode}): {Redact(error)}");
        }

        lock (stdout)
        {
            return stdout.ToString().Trim();
        }
    }

    /// <summary>The git command of <paramref name="args"/>: the first argument that is not a global option (<c>-c x=y</c>, <c>-C dir</c>, <c>--flag</c>).</summary>
    internal static string Verb(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-c" or "-C")
            {
                i++;
            }
            else if (!args[i].StartsWith('-'))
            {
                return args[i];
            }
        }

        return "git";
    }

    private static TimeSpan DefaultTimeout(string[] args) => SlowVerbs.Contains(Verb(args)) ? NetworkTimeout : LocalTimeout;

    /// <summary>Keeps credentials in a repository URL (<c>https://user:token@host/...</c>) out of errors and logs.</summary>
    private static string Redact(string text) => UrlCredentials().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex UrlCredentials();

    /// <summary>Creates or refreshes a bare mirror of <paramref name="repository"/> (a path or any URL git can clone).</summary>
    public static Task FetchMirrorAsync(string repository, string mirror, CancellationToken cancellationToken) =>
        FetchMirrorAsync(repository, mirror, NetworkTimeout, cancellationToken);

    /// <inheritdoc cref="FetchMirrorAsync(string, string, CancellationToken)"/>
    public static async Task FetchMirrorAsync(string repository, string mirror, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(mirror))
        {
            var temp = mirror + ".tmp-" + Guid.NewGuid().ToString("N");
            try
            {
                await RunAsync(null, timeout, cancellationToken, "clone", "--quiet", "--mirror", repository, temp);
            }
            catch when (Directory.Exists(temp))
            {
                // A clone that failed, timed out or was cancelled leaves no half mirror behind.
                Directory.Delete(temp, recursive: true);
                throw;
            }

            Directory.Move(temp, mirror);
            return;
        }

        await RunAsync(mirror, timeout, cancellationToken, "fetch", "--quiet", "--prune", "origin", "+refs/heads/*:refs/heads/*");
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
