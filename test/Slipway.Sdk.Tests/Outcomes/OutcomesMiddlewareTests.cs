using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Slipway.Flags;
using Slipway.Flags.Protocol;
using Slipway.Sdk.Flags;
using Slipway.Sdk.Outcomes;
using Slipway.Sdk.Tests.Fakes;

namespace Slipway.Sdk.Tests.Outcomes;

public sealed class OutcomesMiddlewareTests
{
    [Fact]
    public async Task Each_request_is_counted_for_the_variants_it_was_served_with_its_status_class_and_its_goals()
    {
        await using var server = await FakeFlagServer.StartAsync(Fakes.Flags.Checkout);
        await using var service = await TestService.StartAsync(
            o =>
            {
                o.ServerUrl = server.Url;
                o.Service = "shop";
                o.EventFlushInterval = TimeSpan.FromMilliseconds(50);
            },
            configureApp: app =>
            {
                app.UseSlipwayOutcomes();
                app.MapGet("/checkout", (string user, Slipway.Sdk.Flags.FlagClient flags) =>
                {
                    var context = EvaluationContext.Create(user);
                    if (flags.GetBoolean("new-checkout", false, context))
                    {
                        return Results.StatusCode(500);
                    }

                    flags.Track("checkout-completed", context);
                    return Results.Ok();
                });
                app.MapGet("/plain", () => Results.Ok());
            });

        for (var i = 0; i < 3; i++)
        {
            using var failed = await service.Http.GetAsync(new Uri("/checkout?user=user-1", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(500, (int)failed.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var ok = await service.Http.GetAsync(new Uri($"/checkout?user=user-{i + 2}", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(200, (int)ok.StatusCode);
            using var plain = await service.Http.GetAsync(new Uri("/plain", UriKind.Relative), TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(() => Sum(server, "on").Requests == 3 && Sum(server, "off").Requests == 5, "the outcomes of 8 requests to arrive");
        var on = Sum(server, "on");
        var off = Sum(server, "off");
        Assert.Equal((3L, 0L, 0L), (on.Status5xx, on.Status2xx, on.Goals));
        Assert.Equal((0L, 5L, 5L), (off.Status5xx, off.Status2xx, off.Goals));
        Assert.All(server.Batches.SelectMany(b => b.Outcomes), o => Assert.Equal(VariantOutcome.DurationBoundsMs.Count + 1, o.DurationBuckets.Count));
        Assert.DoesNotContain(server.Batches.SelectMany(b => b.Outcomes), o => o.FlagKey != "new-checkout");
    }

    [Fact]
    public async Task Once_warm_a_request_through_the_middleware_allocates_nothing_for_its_outcomes()
    {
        await using var service = await TestService.StartAsync(o => o.FlagsJson = Fakes.Flags.Checkout);
        var recorder = service.Services.GetRequiredService<OutcomeRecorder>();
        recorder.Enabled = true;
        var flags = service.Flags;
        var user = EvaluationContext.Create("user-1");
        var http = new DefaultHttpContext();
        RequestDelegate next = context =>
        {
            flags.GetBoolean("new-checkout", false, user);
            flags.GetString("greeting", "?", user);
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        };

        var without = AllocatedBytesPerRequest(() => next(http));
        var with = AllocatedBytesPerRequest(() => recorder.InvokeAsync(http, next));

        Assert.Equal(0, without);
        Assert.Equal(0, with);
        var (outcomes, dropped) = recorder.Table.TakeSnapshot();
        Assert.Equal(0, dropped);
        Assert.Equal(2_000, outcomes.Single(o => o.Variant == "on").StatusClasses[1]);
        Assert.Equal(2_000, outcomes.Single(o => o.Variant == "classic").StatusClasses[1]);
    }

    /// <summary>
    /// The served-variant cache has 64 slots found by each definition's identity hash, so two flags of a request can
    /// share a home slot (1 run in 64 for two flags). They used to evict each other on every request, allocating a new
    /// cache entry for each evaluation (128 B per request for the two flags above, a CI flake of the test above). With
    /// 40 flags per request, collisions are certain: every evaluation must still allocate nothing and count.
    /// </summary>
    [Fact]
    public async Task Flags_whose_cache_slots_collide_still_allocate_nothing_per_request()
    {
        const int count = 40;
        var document = "{\"flags\":{" + string.Join(',', Enumerable.Range(0, count).Select(i => $"\"f{i}\":{{\"state\":\"ENABLED\",\"variants\":{{\"on\":true,\"off\":false}},\"defaultVariant\":\"on\"}}")) + "}}";
        await using var service = await TestService.StartAsync(o => o.FlagsJson = document);
        var recorder = service.Services.GetRequiredService<OutcomeRecorder>();
        recorder.Enabled = true;
        var flags = service.Flags;
        var user = EvaluationContext.Create("user-1");
        var keys = Enumerable.Range(0, count).Select(i => $"f{i}").ToArray();
        var http = new DefaultHttpContext();
        RequestDelegate next = context =>
        {
            // OutcomeScope holds up to 16 served cells; the rest are counted as dropped, which allocates nothing either.
            foreach (var key in keys.AsSpan(0, OutcomeScope.MaxServed))
            {
                Assert.True(flags.GetBoolean(key, false, user));
            }

            foreach (var key in keys.AsSpan(OutcomeScope.MaxServed))
            {
                flags.GetBoolean(key, false, user);
            }

            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        };

        Assert.Equal(0, AllocatedBytesPerRequest(() => recorder.InvokeAsync(http, next)));
        var (outcomes, _) = recorder.Table.TakeSnapshot();
        Assert.Equal(OutcomeScope.MaxServed, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(2_000, o.StatusClasses[1]));
    }

    /// <summary>
    /// The cell of a served variant is cached by the flag definition's identity and variant index: a changed flag is a
    /// new definition, so when the variants' order changes, requests still count under the variant they were served.
    /// </summary>
    [Fact]
    public async Task After_a_flag_change_that_reorders_its_variants_requests_count_under_the_variant_served()
    {
        const string onFirst = """{"flags":{"switch":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""";
        const string offFirst = """{"flags":{"switch":{"state":"ENABLED","variants":{"off":false,"on":true},"defaultVariant":"off"}}}""";
        var source = new InMemoryFlagSource(onFirst);
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(source));
        var recorder = service.Services.GetRequiredService<OutcomeRecorder>();
        recorder.Enabled = true;
        var flags = service.Flags;
        var http = new DefaultHttpContext();
        RequestDelegate next = context =>
        {
            flags.GetBoolean("switch", false, EvaluationContext.Create("user-1"));
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        };

        for (var i = 0; i < 3; i++)
        {
            await recorder.InvokeAsync(http, next);
        }

        source.Update(offFirst);
        for (var i = 0; i < 5; i++)
        {
            await recorder.InvokeAsync(http, next);
        }

        var (outcomes, _) = recorder.Table.TakeSnapshot();
        Assert.Equal(3, outcomes.Single(o => o.Variant == "on").StatusClasses[1]);
        Assert.Equal(5, outcomes.Single(o => o.Variant == "off").StatusClasses[1]);
    }

    private static (long Requests, long Status2xx, long Status5xx, long Goals) Sum(FakeFlagServer server, string variant)
    {
        var outcomes = server.Batches.SelectMany(b => b.Outcomes).Where(o => o.FlagKey == "new-checkout" && o.Variant == variant).ToList();
        return (outcomes.Sum(o => o.StatusClasses.Sum()), outcomes.Sum(o => o.StatusClasses[1]), outcomes.Sum(o => o.StatusClasses[4]), outcomes.Sum(o => o.Goals.GetValueOrDefault("checkout-completed")));
    }

    private static long AllocatedBytesPerRequest(Func<Task> request)
    {
        for (var i = 0; i < 1_000; i++)
        {
            request().GetAwaiter().GetResult();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            request().GetAwaiter().GetResult();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000;
    }
}
