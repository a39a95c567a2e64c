namespace Slipway.Server.Rollouts;

/// <summary>
/// Decides whether a baked wave may go on. The default waits the bake time and checks the new instances stayed up;
/// the immune system's judge plugs in here.
/// </summary>
public interface IBakeGate
{
    Task<BakeVerdict> BakeAsync(BakeContext context, CancellationToken cancellationToken);
}
