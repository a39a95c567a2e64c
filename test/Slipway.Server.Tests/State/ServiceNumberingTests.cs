using Slipway.Core.Journal;
using Slipway.Server.State;

namespace Slipway.Server.Tests.State;

/// <summary>
/// Run and rollout ids are keys of log folders, journal events and console links, so a name that is removed and
/// registered again must not hand out the ids of its earlier registration.
/// </summary>
public sealed class ServiceNumberingTests
{
    private const string Service = "hello";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_service_registered_again_after_remove_numbers_its_runs_and_rollouts_after_the_earlier_ones()
    {
        var state = new SlipwayState();
        var sequence = 0L;
        void Apply(SlipwayEvent e) => state.Apply(++sequence, T0.AddSeconds(sequence), e);

        Apply(new ServiceRegistered(Service, "/repo", "main", 0, 5));
        Assert.Equal("hello-1", state.Services[Service].NextRunId);
        Apply(new PipelineQueued(Service, "hello-1", "aaa", "push"));
        Apply(new PipelineQueued(Service, "hello-2", "bbb", "push"));
        Apply(new RolloutStarted(Service, "hello-r1", "bbb", "sha256:b", null, null, 1, [1], [], "push", "instances: 1", null));
        Assert.Equal("hello-3", state.Services[Service].NextRunId);
        Assert.Equal(1, state.Services[Service].Lifecycle.RolloutCount);

        Apply(new ServiceRemoved(Service, "admin"));
        Apply(new ServiceRegistered(Service, "/other-repo", "main", 0, 5));

        var again = state.Services[Service];
        Assert.Equal("hello-3", again.NextRunId);
        Assert.Equal(1, again.Lifecycle.RolloutCount);
        Assert.Empty(again.RunIds);

        // And once more, after the new registration ran something itself.
        Apply(new PipelineQueued(Service, "hello-3", "ccc", "push"));
        Apply(new ServiceRemoved(Service, "admin"));
        Apply(new ServiceRegistered(Service, "/repo", "main", 0, 5));
        Assert.Equal("hello-4", state.Services[Service].NextRunId);
    }
}
