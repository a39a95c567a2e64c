using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using Slipway.Agent.Protocol;
using Slipway.Server.Agents;
using Slipway.Server.Auth;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;
using Slipway.Server.Metrics;
using Slipway.Server.Pipelines;
using Slipway.Server.Secrets;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Agents;

/// <summary>
/// The fleet's agents list (<c>GET /api/agents</c>, the console's fleet): every host heard from, when, whether it still
/// counts as live, and its last report's instances, on a fake clock.
/// </summary>
public sealed class AgentSummaryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_is_listed_with_its_instances_and_is_no_longer_live_after_30_silent_seconds()
    {
        using var folder = TempFolder.Create("agents-list");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        await using var store = new SqliteJournalStore(folder.Combine("journal.db"));
        var journal = new EventJournal(store, time);
        await journal.LoadAsync(Ct);
        var hub = new AgentHub(
            journal,
            new ArtifactStore(folder.Combine("artifacts")),
            new MetricStore(),
            new SecretVault(journal, new EphemeralDataProtectionProvider()),
            new TokenStore(new ServerPaths(folder.Path), time),
            time);
        Assert.Empty(hub.Agents());

        await hub.ReportAsync(new AgentReportV1("b-host", [Instance("hello-1", InstanceStates.Listening), Instance("hello-2", InstanceStates.Backoff)]), Ct);
        time.Advance(TimeSpan.FromSeconds(10));
        await hub.ReportAsync(new AgentReportV1("a-host", []), Ct);
        var heardB = time.GetUtcNow() - TimeSpan.FromSeconds(10);

        Assert.Equal(
            [new AgentSummary("a-host", time.GetUtcNow(), true, 0, 0), new AgentSummary("b-host", heardB, true, 2, 1)],
            hub.Agents());

        // b-host has now been silent for 30 s: it is listed, and not live; a-host is still within its 30 s.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([true, false], hub.Agents().Select(a => a.Live));
        Assert.Equal(["a-host"], hub.LiveHosts());

        // A report that no longer mentions an instance drops it from the host's counts.
        await hub.ReportAsync(new AgentReportV1("b-host", [Instance("hello-1", InstanceStates.Listening)]), Ct);
        Assert.Equal(new AgentSummary("b-host", time.GetUtcNow(), true, 1, 1), hub.Agents()[1]);
    }

    private static InstanceStatusV1 Instance(string id, string state) =>
        new(id, "hello", "abc123", state, 100, 5000, "127.0.0.1", 0, null, null);
}
