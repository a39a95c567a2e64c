using System.Text.Json;
using Slipway.Flags;
using Slipway.Sdk.Flags;
using Slipway.Sdk.Tests.Fakes;

namespace Slipway.Sdk.Tests.Flags;

public sealed class FlagClientTests
{
    [Fact]
    public async Task Typed_getters_read_flags_from_an_in_memory_source()
    {
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(new InMemoryFlagSource(Fakes.Flags.Checkout)));
        var flags = service.Flags;

        Assert.True(flags.GetBoolean("new-checkout", false, EvaluationContext.Create("user-1")));
        Assert.False(flags.GetBoolean("new-checkout", true, EvaluationContext.Create("user-2")));
        Assert.Equal("Hello", flags.GetString("greeting", "?"));
        Assert.Equal(10, flags.GetInteger("limit", 0));
        Assert.Equal(0.25, flags.GetDouble("ratio", 0));
        Assert.Equal(3, flags.GetJson("layout", default).GetProperty("columns").GetInt32());
    }

    [Fact]
    public async Task Value_getters_allocate_nothing_when_there_is_nothing_to_record()
    {
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(new InMemoryFlagSource(Fakes.Flags.Checkout)));
        var flags = service.Flags;
        var user = EvaluationContext.Create("visitor-7");

        Assert.Equal(0, AllocatedBytes(() => flags.GetBoolean("new-checkout", false, user)));
        Assert.Equal(0, AllocatedBytes(() => flags.GetString("greeting", "?", user)));
    }

    [Fact]
    public async Task Value_getters_return_the_callers_default_for_a_missing_flag_or_the_wrong_type()
    {
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(new InMemoryFlagSource(Fakes.Flags.Checkout)));
        var flags = service.Flags;

        Assert.True(flags.GetBoolean("nope", true));
        Assert.True(flags.GetBoolean("greeting", true));
        Assert.Equal("fallback", flags.GetString("nope", "fallback"));
        Assert.Equal("fallback", flags.GetString("new-checkout", "fallback", EvaluationContext.Create("user-1")));
    }

    [Fact]
    public async Task Details_give_value_variant_reason_and_error()
    {
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(new InMemoryFlagSource(Fakes.Flags.Checkout)));

        var details = service.Flags.GetBooleanDetails("new-checkout", false, EvaluationContext.Create("user-1"));
        var missing = service.Flags.GetStringDetails("nope", "fallback");
        var mismatch = service.Flags.GetIntegerDetails("greeting", 7);

        Assert.Equal((true, "on", EvaluationReason.TargetingMatch, FlagErrorCode.None, false), (details.Value, details.Variant, details.Reason, details.ErrorCode, details.IsStale));
        Assert.Equal(("fallback", FlagErrorCode.FlagNotFound), (missing.Value, missing.ErrorCode));
        Assert.Equal((7, FlagErrorCode.TypeMismatch), (mismatch.Value, mismatch.ErrorCode));
    }

    [Fact]
    public async Task An_integer_too_large_for_int_is_a_type_mismatch_not_an_overflow()
    {
        var source = new InMemoryFlagSource(Fakes.Flags.Checkout.Replace("\"defaultVariant\": \"low\"", "\"defaultVariant\": \"huge\"", StringComparison.Ordinal));
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(source));

        var details = service.Flags.GetIntegerDetails("limit", 5);

        Assert.Equal((5, FlagErrorCode.TypeMismatch), (details.Value, details.ErrorCode));
    }

    [Fact]
    public async Task An_in_memory_update_applies_at_once()
    {
        var source = new InMemoryFlagSource(Fakes.Flags.Checkout);
        await using var service = await TestService.StartAsync(o => o.Service = "shop", b => b.UseFlagSource(source));

        source.Update(FlagDocument.Parse(Fakes.Flags.Checkout).WithFlag("greeting", Fakes.Flags.GreetingNew));

        Assert.Equal("Hi", service.Flags.GetString("greeting", "?"));
        Assert.Equal(2, service.Flags.Status.Version);
    }

    [Fact]
    public async Task Flags_load_from_a_file_shipped_with_the_service()
    {
        var file = Path.Combine(Path.GetTempPath(), $"slipway-flags-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Fakes.Flags.Checkout, TestContext.Current.CancellationToken);
        try
        {
            await using var service = await TestService.StartAsync(o => o.FlagsFile = file);

            Assert.Equal("Hello", service.Flags.GetString("greeting", "?"));
            Assert.Equal("file", service.Flags.Status.Source);
            Assert.False(service.Flags.Status.IsStale);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Until_config_arrives_defaults_are_served_with_provider_not_ready_and_start_up_does_not_wait_forever()
    {
        using var unused = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        unused.Start();
        var closedPort = ((System.Net.IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();

        await using var service = await TestService.StartAsync(o =>
        {
            o.ServerUrl = new Uri($"http://127.0.0.1:{closedPort}/");
            o.StartupTimeout = TimeSpan.FromMilliseconds(200);
            o.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
        });

        var details = service.Flags.GetBooleanDetails("new-checkout", true);

        Assert.True(details.Value);
        Assert.Equal(EvaluationReason.Error, details.Reason);
        Assert.Equal(FlagErrorCode.ProviderNotReady, details.ErrorCode);
        Assert.False(service.Flags.Status.HasConfig);
    }

    [Fact]
    public async Task A_broken_flag_file_does_not_stop_the_service()
    {
        await using var service = await TestService.StartAsync(o => o.FlagsJson = "{ not json");

        Assert.Equal("fallback", service.Flags.GetString("greeting", "fallback"));
        Assert.Equal(FlagErrorCode.ProviderNotReady, service.Flags.GetStringDetails("greeting", "fallback").ErrorCode);
    }

    [Fact]
    public async Task Json_getter_returns_the_callers_default_when_the_flag_is_missing()
    {
        await using var service = await TestService.StartAsync(o => o.FlagsJson = Fakes.Flags.Checkout);
        using var fallback = JsonDocument.Parse("""{ "columns": 1 }""");

        Assert.Equal(1, service.Flags.GetJson("nope", fallback.RootElement).GetProperty("columns").GetInt32());
    }

    private static long AllocatedBytes<T>(Func<T> evaluate)
    {
        for (var i = 0; i < 1_000; i++)
        {
            evaluate();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            evaluate();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
