namespace Slipway.Server.State;

/// <summary>One secret of a service as the journal holds it: the ciphertext, when it was set and by whom.</summary>
internal sealed record SecretEntry(string Name, string Ciphertext, DateTimeOffset SetAt, string By);
