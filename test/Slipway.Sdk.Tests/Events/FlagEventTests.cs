using Slipway.Flags;
using Slipway.Sdk.Events;
using Slipway.Sdk.Tests.Fakes;

namespace Slipway.Sdk.Tests.Events;

public sealed class FlagEventTests
{
    [Fact]
    public async Task Exposures_of_experiment_flags_and_tracked_events_are_sent_in_batches()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout);
        await using var service = await TestService.StartAsync(o =>
        {
            o.ServerUrl = server.Url;
            o.Service = "shop";
            o.EventFlushInterval = TimeSpan.FromMilliseconds(50);
        });

        for (var i = 0; i < 10; i++)
        {
            var user = EvaluationContext.Create($"user-{i}");
            service.Flags.GetString("button-color", "blue", user);
            service.Flags.GetString("greeting", "?", user);
            service.Flags.Track("purchase", user, 19.99);
        }

        await Eventually.TrueAsync(() => server.Batches.Sum(b => b.Exposures.Count) == 10 && server.Batches.Sum(b => b.Events.Count) == 10, "all events to arrive");
        var exposures = server.Batches.SelectMany(b => b.Exposures).ToList();
        Assert.All(exposures, e => Assert.Equal("button-color", e.FlagKey));
        Assert.All(exposures, e => Assert.Equal("TARGETING_MATCH", e.Reason));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"user-{i}").Order(), exposures.Select(e => e.TargetingKey).Order());
        var purchase = server.Batches.SelectMany(b => b.Events).First();
        Assert.Equal(("purchase", 19.99), (purchase.Name, purchase.Value));
        Assert.All(server.Batches, b => Assert.Equal(("shop", "production"), (b.Service, b.Environment)));
    }

    [Fact]
    public void A_full_buffer_drops_and_counts_instead_of_blocking()
    {
        using var metrics = new SdkMetrics();
        var buffer = new FlagEventBuffer(capacity: 3, metrics);

        for (var i = 0; i < 10; i++)
        {
            buffer.Add(new BufferedEvent(false, "click", null, null, "u", null, DateTimeOffset.UnixEpoch, 1));
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal(7, metrics.EventsDropped);
        Assert.Equal(7, buffer.TakeDroppedCount());
        Assert.Equal(0, buffer.TakeDroppedCount());
    }

    [Fact]
    public async Task Dropped_counts_travel_with_the_next_batch()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout);
        await using var service = await TestService.StartAsync(o =>
        {
            o.ServerUrl = server.Url;
            o.EventBufferCapacity = 2;
            o.EventFlushInterval = TimeSpan.FromSeconds(3);
        });

        for (var i = 0; i < 5; i++)
        {
            service.Flags.Track("click", EvaluationContext.Create("u"));
        }

        await Eventually.TrueAsync(() => !server.Batches.IsEmpty, "a batch to arrive");
        Assert.Equal(3, server.Batches.Sum(b => b.Dropped));
        Assert.Equal(3, service.Flags.Status.DroppedEvents);
    }
}
