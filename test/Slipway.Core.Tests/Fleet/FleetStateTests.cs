using System.Collections.Immutable;
using Slipway.Core.Fleet;
using Slipway.Core.Journal;

namespace Slipway.Core.Tests.Fleet;

public sealed class FleetStateTests
{
    [Fact]
    public void Added_instances_are_desired_but_take_no_traffic_until_routed()
    {
        var fleet = new FleetState();

        fleet.Apply(new InstancesAdded("hello", [Spec("a"), Spec("b")]));

        Assert.Equal(["a", "b"], fleet.Instances.Select(i => i.Id).Order());
        Assert.False(fleet.IsRouted("a"));

        fleet.Apply(new InstancesRouted("hello", ["a"]));
        Assert.True(fleet.IsRouted("a"));
        Assert.False(fleet.IsRouted("b"));
    }

    [Fact]
    public void Routing_an_unknown_instance_does_nothing()
    {
        var fleet = new FleetState();

        fleet.Apply(new InstancesRouted("hello", ["ghost"]));
        fleet.Apply(new InstancesAdded("hello", [Spec("ghost")]));

        Assert.False(fleet.IsRouted("ghost"));
    }

    [Fact]
    public void Unrouted_instances_stay_desired_and_removed_ones_are_gone_and_unrouted()
    {
        var fleet = new FleetState();
        fleet.Apply(new InstancesAdded("hello", [Spec("a"), Spec("b")]));
        fleet.Apply(new InstancesRouted("hello", ["a", "b"]));

        fleet.Apply(new InstancesUnrouted("hello", ["a"]));
        fleet.Apply(new InstancesRemoved("hello", ["b"]));

        Assert.True(fleet.TryGet("a", out _));
        Assert.False(fleet.IsRouted("a"));
        Assert.False(fleet.TryGet("b", out _));
        Assert.False(fleet.IsRouted("b"));

        fleet.Apply(new InstancesAdded("hello", [Spec("b")]));
        Assert.False(fleet.IsRouted("b"));
    }

    [Fact]
    public void The_generation_grows_on_fleet_events_only()
    {
        var fleet = new FleetState();

        Assert.True(fleet.Apply(new InstancesAdded("hello", [Spec("a")])));
        Assert.False(fleet.Apply(new ServicePaused("hello", "test")));
        Assert.False(fleet.Apply(new WaveStarted("hello", "hello-r1", 0, ["a"])));
        Assert.True(fleet.Apply(new InstancesRouted("hello", ["a"])));
        Assert.True(fleet.Apply(new InstancesUnrouted("hello", ["a"])));
        Assert.True(fleet.Apply(new InstancesRemoved("hello", ["a"])));

        Assert.Equal(4, fleet.Generation);
    }

    [Fact]
    public void Instances_are_listed_by_service_and_by_host()
    {
        var fleet = new FleetState();

        fleet.Apply(new InstancesAdded("hello", [Spec("a", host: "h1"), Spec("b", host: "h2")]));
        fleet.Apply(new InstancesAdded("other", [Spec("c", service: "other", host: "h1")]));

        Assert.Equal(["a", "b"], fleet.ForService("hello").Select(i => i.Id).Order());
        Assert.Equal(["a", "c"], fleet.ForHost("h1").Select(i => i.Id).Order());
        Assert.Empty(fleet.ForHost("h3"));
    }

    [Fact]
    public void Adding_an_instance_again_replaces_its_spec()
    {
        var fleet = new FleetState();

        fleet.Apply(new InstancesAdded("hello", [Spec("a", version: "v1")]));
        fleet.Apply(new InstancesAdded("hello", [Spec("a", version: "v2")]));

        Assert.True(fleet.TryGet("a", out var spec));
        Assert.Equal("v2", spec.Version);
        Assert.Single(fleet.Instances);
    }

    private static InstanceSpec Spec(string id, string service = "hello", string host = "local", string version = "v1") =>
        new(id, service, version, "digest-" + version, host, "./app --port $PORT", ImmutableDictionary<string, string>.Empty, 5);
}
