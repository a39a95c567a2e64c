namespace Slipway.Server.Flags;

/// <summary>Flags are kept per service and environment (production unless said otherwise).</summary>
internal readonly record struct FlagScope(string Service, string Environment)
{
    public const string DefaultEnvironment = "production";

    public override string ToString() => $"{Service}/{Environment}";
}
