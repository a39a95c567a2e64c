namespace Slipway.Flags;

/// <summary>One problem in a flag definition: where (an RFC 6901 JSON pointer into the document) and why.</summary>
public sealed record FlagDefinitionError(string Pointer, string Reason)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Reason}";
}
