using Slipway.Server.Pipelines;
using Slipway.Server.Tests.Processes;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>
/// A fetch that hangs (here: the mirror's upload-pack is a shell that never answers, as a remote that accepts the
/// connection and then stalls would) is killed at its timeout with everything git started, and says so.
/// </summary>
public sealed class GitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hung_fetch_is_killed_at_its_timeout_with_a_clear_error_and_leaves_no_process()
    {
        using var folder = TempFolder.Create("git-hung");
        var (repository, mirror, pid) = await HangingMirrorAsync(folder);

        var error = await Assert.ThrowsAsync<GitException>(() => Git.FetchMirrorAsync(repository, mirror, TimeSpan.FromSeconds(2), Ct));

        Assert.StartsWith("git fetch timed out after 2 s", error.Message, StringComparison.Ordinal);
        await ProcessTree.AssertGoneAsync(Ct, ProcessTree.ReadPidFile(pid));
    }

    [Fact]
    public async Task Cancelling_a_hung_fetch_kills_git_and_what_it_started()
    {
        using var folder = TempFolder.Create("git-cancel");
        var (repository, mirror, pid) = await HangingMirrorAsync(folder);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var fetch = Git.FetchMirrorAsync(repository, mirror, TimeSpan.FromMinutes(5), cts.Token);
        var uploadPack = await ProcessTree.WaitForPidFileAsync(pid, Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        await ProcessTree.AssertGoneAsync(Ct, uploadPack);
    }

    [Fact]
    public async Task A_failing_git_command_names_itself_and_keeps_credentials_out_of_the_message()
    {
        using var folder = TempFolder.Create("git-fails");

        var error = await Assert.ThrowsAsync<GitException>(
            () => Git.RunAsync(folder.Path, Ct, "-c", "protocol.file.allow=never", "clone", "--quiet", "file://user:s3cret@localhost/nowhere", "copy"));

        Assert.StartsWith("git -c protocol.file.allow=never clone --quiet file://***@localhost/nowhere copy failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fetch", "fetch", "--quiet")]
    [InlineData("clone", "-c", "protocol.file.allow=always", "clone", "x")]
    [InlineData("rev-parse", "-C", "/tmp", "rev-parse", "HEAD")]
    [InlineData("checkout", "--no-pager", "checkout")]
    public void The_verb_is_the_first_argument_that_is_not_a_global_option(string verb, params string[] args) =>
        Assert.Equal(verb, Git.Verb(args));

    /// <summary>A repository and its mirror, whose next fetch starts an upload-pack that writes its pid and never answers.</summary>
    private static async Task<(string Repository, string Mirror, string PidFile)> HangingMirrorAsync(TempFolder folder)
    {
        var repository = folder.Combine("repo");
        var mirror = folder.Combine("mirror");
        var pid = folder.Combine("upload-pack.pid");
        Directory.CreateDirectory(repository);
        await Git.RunAsync(repository, Ct, "init", "--quiet", "--initial-branch=main");
        await Git.RunAsync(repository, Ct, "-c", "user.name=Test", "-c", "user.email=test@slipway.invalid", "commit", "--quiet", "--allow-empty", "-m", "first");
        await Git.FetchMirrorAsync(repository, mirror, Ct);

        // git runs this through the shell with the repository path appended, hence the closing 'true'.
        await Git.RunAsync(mirror, Ct, "config", "remote.origin.uploadpack", $"sleep 1000 & echo $! > '{pid}'; wait; true");
        return (repository, mirror, pid);
    }
}
