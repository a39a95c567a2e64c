using Slipway.Core.Journal;

namespace Slipway.Cli.Tests.Commands;

/// <summary>
/// Issue 16: the journal said "requested by api" for rollbacks and pauses and "by cli" for flag changes. Each change
/// made through the CLI is journaled with who made it: the token's name and the CLI's user (<c>admin (cli:alice)</c>).
/// </summary>
public sealed class CallerJournalTests(ClientVerbTests.RollingServer server) : IClassFixture<ClientVerbTests.RollingServer>
{
    private string Url => server.Bed.Api.Server.ToString();

    private string AdminToken => server.Bed.AdminToken!;

    private static string Expected => $"admin ({ApiClient.Caller})";

    [Fact]
    public void The_clis_caller_names_a_user_not_just_cli()
    {
        Assert.StartsWith("cli:", ApiClient.Caller, StringComparison.Ordinal);
        Assert.True(ApiClient.Caller.Length > "cli:".Length);
    }

    [Fact]
    public async Task A_pause_and_a_resume_are_journaled_by_the_caller()
    {
        var seen = await RecordAsync(async () =>
        {
            Assert.Equal(0, (await CliRun.RunAsync("pause", "hello", "--server", Url, "--token", AdminToken)).ExitCode);
            Assert.Equal(0, (await CliRun.RunAsync("resume", "hello", "--server", Url, "--token", AdminToken)).ExitCode);
        });

        Assert.Equal(Expected, Assert.Single(seen.OfType<ServicePaused>()).By);
        Assert.Equal(Expected, Assert.Single(seen.OfType<ServiceResumed>()).By);
    }

    [Fact]
    public async Task A_flag_change_is_journaled_by_the_caller()
    {
        var seen = await RecordAsync(async () =>
        {
            var set = await CliRun.RunAsync("flags", "set", "banner", """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""", "--service", "hello", "--server", Url, "--token", AdminToken);
            Assert.True(set.ExitCode == 0, set.ToString());
            var disable = await CliRun.RunAsync("flags", "disable", "banner", "--service", "hello", "--server", Url, "--token", AdminToken);
            Assert.True(disable.ExitCode == 0, disable.ToString());
        });

        var changes = seen.OfType<FlagsChanged>().ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(Expected, c.By));
    }

    [Fact]
    public async Task A_rollback_is_journaled_by_the_caller()
    {
        // The rollout under way is rolled back; no other test in this class needs it.
        var seen = await RecordAsync(async () =>
        {
            var rollback = await CliRun.RunAsync("rollback", "hello", "--server", Url, "--token", AdminToken);
            Assert.True(rollback.ExitCode == 0, rollback.ToString());
        });

        var requested = Assert.Single(seen.OfType<RollbackRequested>());
        Assert.Equal($"rollback requested by {Expected}", requested.Summary);
        Assert.DoesNotContain("by api", requested.Summary, StringComparison.Ordinal);
    }

    private async Task<List<SlipwayEvent>> RecordAsync(Func<Task> act)
    {
        var journal = server.Bed.Server!.Journal;
        var seen = new List<SlipwayEvent>();
        void Record(SlipwayEvent e, DateTimeOffset at)
        {
            lock (seen)
            {
                seen.Add(e);
            }
        }

        journal.Appended += Record;
        try
        {
            await act();
        }
        finally
        {
            journal.Appended -= Record;
        }

        lock (seen)
        {
            return [.. seen];
        }
    }
}
