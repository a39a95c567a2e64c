namespace Slipway.Server.Auth;

/// <summary>
/// Endpoint metadata: a request that carries <c>X-Hub-Signature-256</c> may come without a token (a git host cannot
/// send one). The endpoint itself then refuses it unless the signature is valid for the service's webhook secret.
/// </summary>
public sealed class AcceptsSignedWebhook
{
    public static readonly AcceptsSignedWebhook Instance = new();

    private AcceptsSignedWebhook()
    {
    }
}
