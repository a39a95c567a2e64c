using Microsoft.Extensions.DependencyInjection;
using Slipway.Sdk.Flags;
using Slipway.Sdk.SelfTest;

namespace Slipway.Sdk;

/// <summary>Returned by <c>AddSlipway</c>: registers self-test checks and flag sources.</summary>
public sealed class SlipwayBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    public SlipwayBuilder AddSelfTestCheck(string name, Func<IServiceProvider, CancellationToken, Task<SelfTestCheckResult>> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(check);
        Services.AddSingleton(new SelfTestCheck(name, check));
        return this;
    }

    public SlipwayBuilder AddSelfTestCheck(string name, Func<CancellationToken, Task<SelfTestCheckResult>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return AddSelfTestCheck(name, (_, cancellationToken) => check(cancellationToken));
    }

    /// <summary>Serves flags from memory (each update applies at once), alone or until the server answers.</summary>
    public SlipwayBuilder UseFlagSource(InMemoryFlagSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Services.AddSingleton(source);
        return this;
    }
}
