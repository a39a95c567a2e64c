using System.Diagnostics.Metrics;
using Slipway.Flags;
using Slipway.Sdk.Tests.Fakes;

namespace Slipway.Sdk.Tests.Flags;

/// <summary>The SSE client against a real Kestrel server speaking wire contract v1.</summary>
public sealed class StreamingFlagSourceTests
{
    private static Task<TestService> ConnectAsync(FakeFlagServer server) => TestService.StartAsync(o =>
    {
        o.ServerUrl = server.Url;
        o.Service = "shop";
        o.Environment = "staging";
        o.StartupTimeout = TimeSpan.FromSeconds(60);
        o.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
        o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
    });

    [Fact]
    public async Task Start_up_waits_for_the_snapshot_and_asks_for_its_service_and_environment()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);

        Assert.Equal("Hello", service.Flags.GetString("greeting", "?"));
        Assert.Equal((true, false, 5L, "server"), (service.Flags.Status.HasConfig, service.Flags.Status.IsStale, service.Flags.Status.Version, service.Flags.Status.Source));
        Assert.Equal("?service=shop&environment=staging", Assert.Single(server.StreamQueries));
    }

    [Fact]
    public async Task A_change_with_the_next_version_is_applied()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);

        server.PushChange(6, "greeting", Fakes.Flags.GreetingNew);

        await Eventually.TrueAsync(() => service.Flags.GetString("greeting", "?") == "Hi", "the change to be applied");
        Assert.Equal(6, service.Flags.Status.Version);
    }

    [Fact]
    public async Task A_change_that_deletes_a_flag_removes_it()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);

        server.PushChange(6, "greeting", null);

        await Eventually.TrueAsync(() => service.Flags.GetStringDetails("greeting", "?").ErrorCode == FlagErrorCode.FlagNotFound, "the flag to be deleted");
    }

    [Fact]
    public async Task A_stale_version_is_ignored()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);

        server.PushChange(5, "greeting", Fakes.Flags.GreetingNew);
        server.PushChange(6, "limit", """{ "state": "ENABLED", "variants": { "low": 1 }, "defaultVariant": "low" }""");

        await Eventually.TrueAsync(() => service.Flags.Status.Version == 6, "the newer change to be applied");
        Assert.Equal("Hello", service.Flags.GetString("greeting", "?"));
        Assert.Equal(1, service.Flags.GetInteger("limit", 0));
    }

    [Fact]
    public async Task A_version_gap_resyncs_from_a_fresh_snapshot()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);

        server.Document = server.Document.WithFlag("greeting", Fakes.Flags.GreetingNew);
        server.Version = 9;
        server.PushChange(9, "greeting", Fakes.Flags.GreetingNew);

        await Eventually.TrueAsync(() => service.Flags.Status.Version == 9, "the client to resync");
        Assert.Equal("Hi", service.Flags.GetString("greeting", "?"));
        Assert.True(server.Connections >= 2);
    }

    [Fact]
    public async Task A_dropped_stream_keeps_the_last_config_reports_staleness_and_reconnects()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);
        var staleCounted = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Slipway.Sdk" && instrument.Name == "slipway.flags.stale_evaluations")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref staleCounted, value));
        listener.Start();

        server.RejectStreams = true;
        server.DropStreams();
        await Eventually.TrueAsync(() => service.Flags.Status.IsStale, "the client to notice the dropped stream");

        var whileDown = service.Flags.GetBooleanDetails("new-checkout", false, EvaluationContext.Create("user-1"));
        Assert.True(whileDown.Value);
        Assert.Equal(EvaluationReason.TargetingMatch, whileDown.Reason);
        Assert.True(whileDown.IsStale);
        Assert.True(Interlocked.Read(ref staleCounted) >= 1);
        Assert.True(service.Flags.Status.StaleEvaluations >= 1);
        var staleBefore = service.Flags.Status.StaleEvaluations;
        Assert.True(service.Flags.GetBoolean("new-checkout", false, EvaluationContext.Create("user-1")));
        Assert.Equal(staleBefore + 1, service.Flags.Status.StaleEvaluations); // the value-only getter counts staleness too

        server.Document = server.Document.WithFlag("greeting", Fakes.Flags.GreetingNew);
        server.Version = 7;
        server.RejectStreams = false;

        await Eventually.TrueAsync(() => !service.Flags.Status.IsStale && service.Flags.Status.Version == 7, "the client to reconnect");
        Assert.Equal("Hi", service.Flags.GetString("greeting", "?"));
        Assert.False(service.Flags.GetStringDetails("greeting", "?").IsStale);
        Assert.True(service.Flags.Status.Reconnects >= 1);
    }

    [Fact]
    public async Task Keep_alive_comments_and_unknown_events_are_ignored()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout, version: 5);
        await using var service = await ConnectAsync(server);

        server.PushRaw(": keep-alive\n\n");
        server.PushRaw("event: something-new\ndata: {}\n\n");
        server.PushChange(6, "greeting", Fakes.Flags.GreetingNew);

        await Eventually.TrueAsync(() => service.Flags.Status.Version == 6, "the change after the noise");
        Assert.Equal(1, server.Connections);
    }
}
