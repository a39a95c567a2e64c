namespace Slipway.Server.Api;

/// <summary>PUT body: the secret's value. It is never sent back.</summary>
public sealed record SecretValueRequest
{
    public string? Value { get; init; }
}

public sealed record SecretInfo(string Name, DateTimeOffset SetAt, string By);

public sealed record SecretListResponse(string Service, IReadOnlyList<SecretInfo> Secrets);
