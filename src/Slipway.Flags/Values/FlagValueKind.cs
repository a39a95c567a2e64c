namespace Slipway.Flags;

/// <summary>The JSON kind of a <see cref="FlagValue"/>.</summary>
public enum FlagValueKind : byte
{
    Null = 0,
    Boolean,
    Number,
    String,
    Array,
    Object,
}
