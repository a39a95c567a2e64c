using Slipway.Cli.Commands;
using Slipway.Server.Api;
using Slipway.Server.Flags;

namespace Slipway.Cli.Tests.Commands;

/// <summary><c>slipway status</c> shows each flag's guarded rollout in one line: where it is, or the kill-switch line once rolled back.</summary>
public sealed class StatusGuardedTests
{
    private const string Line = "flag new-checkout rolled back at 25%: error ratio 4.9% vs 0.2% (+4.7 pp > 1 pp), over the limit and significant, p<0.001 after 12.0 s, 1,310 vs 3,920 requests";

    [Fact]
    public void A_rolled_back_guarded_rollout_shows_its_kill_switch_line()
    {
        var lines = StatusCommand.Detail(Status(Guarded("rolled_back", 25, Line, "rolled back: error ratio 4.9% vs 0.2%"))).ToList();

        Assert.Contains("  " + Line, lines);
    }

    [Fact]
    public void A_guarded_rollout_under_way_shows_its_step_and_the_judges_latest_look()
    {
        var lines = StatusCommand.Detail(Status(Guarded("judging", 5, null, "step 2 of 5 (5%): baking: error ratio 0.2% vs 0.2% (+0.0 pp, limit 1 pp), within limits, p=1 undecided after 8.0 s"))).ToList();

        Assert.Contains("  flag new-checkout guarded rollout judging at 5% (step 2 of 5): step 2 of 5 (5%): baking: error ratio 0.2% vs 0.2% (+0.0 pp, limit 1 pp), within limits, p=1 undecided after 8.0 s", lines);
    }

    private static GuardedRolloutView Guarded(string state, int percent, string? summary, string verdict) =>
        new("new-checkout", "on", [1, 5, 25, 50, 100], 30, [], state, summary is null ? null : state, 2, percent, 1, summary, verdict, "alice", DateTimeOffset.UnixEpoch, []);

    private static ServiceStatus Status(GuardedRolloutView guarded) => new(
        new ServiceSummary("hello", "/repos/hello", "main", "http://127.0.0.1:8080/", false, "v1", 2, new Dictionary<string, int> { ["v1"] = 2 }, null, []),
        [],
        [],
        [],
        Flags: [guarded]);
}
