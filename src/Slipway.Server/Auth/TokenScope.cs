namespace Slipway.Server.Auth;

/// <summary>
/// What a token may do. <see cref="Admin"/> ⊇ <see cref="Deploy"/> ⊇ <see cref="Read"/>; <see cref="Agent"/> is bound to
/// one host and <see cref="Sdk"/> (a flag SDK key) to one service, and neither reaches anything else.
/// </summary>
public enum TokenScope
{
    Read,
    Deploy,
    Admin,
    Agent,
    Sdk,
}
