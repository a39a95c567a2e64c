using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Slipway.Sdk.Events;
using Slipway.Sdk.Flags;
using Slipway.Sdk.Hosting;
using Slipway.Sdk.Outcomes;
using Slipway.Sdk.SelfTest;

namespace Slipway.Sdk;

public static class SlipwayServiceCollectionExtensions
{
    /// <summary>
    /// Wires Slipway into a service: the <see cref="FlagClient"/> (streamed from the server, or from a file or memory),
    /// exposure and event reporting, and the self-test checks behind <c>MapSlipwaySelfTest</c>.
    /// </summary>
    public static SlipwayBuilder AddSlipway(this IServiceCollection services, Action<SlipwayOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SlipwayOptions();
        configure(options);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new SdkMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new FlagStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FlagEventBuffer(options.EventBufferCapacity, sp.GetRequiredService<SdkMetrics>())
        {
            Enabled = options.ServerUrl is not null,
        });
        services.AddSingleton<OutcomeRecorder>();
        services.AddSingleton(sp => new FlagClient(
            sp.GetRequiredService<FlagStore>(),
            sp.GetRequiredService<FlagEventBuffer>(),
            sp.GetRequiredService<SdkMetrics>(),
            options.Exposures,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<FlagClient>(),
            sp.GetRequiredService<OutcomeRecorder>()));
        services.AddSingleton<SlipwayRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<SlipwayRuntime>());
        services.AddSingleton<SelfTestRunner>();

        var builder = new SlipwayBuilder(services);
        if (options.SelfTestRequiresFlags)
        {
            builder.AddSelfTestCheck("flags", (sp, _) => Task.FromResult(FlagsCheck(sp.GetRequiredService<FlagClient>().Status)));
        }

        return builder;
    }

    private static SelfTestCheckResult FlagsCheck(FlagClientStatus status) => status switch
    {
        { HasConfig: false } => SelfTestCheckResult.Fail("no flag configuration loaded"),
        { IsStale: true } => SelfTestCheckResult.Pass($"version {status.Version} from {status.Source}; the server is not reachable, so it may be stale"),
        _ => SelfTestCheckResult.Pass($"version {status.Version} from {status.Source}"),
    };
}
