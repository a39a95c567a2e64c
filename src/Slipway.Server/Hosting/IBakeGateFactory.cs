using Slipway.Server.Rollouts;

namespace Slipway.Server.Hosting;

/// <summary>Builds the bake gate once the server's services exist.</summary>
public interface IBakeGateFactory
{
    IBakeGate Create(IServiceProvider services);
}
