namespace Slipway.Server.Flags;

/// <summary>Settings of the flag stream (docs/flags-protocol.md): a keep-alive comment at least every 15 seconds.</summary>
internal sealed class FlagStreamOptions
{
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
