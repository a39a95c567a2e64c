namespace Slipway.Flags.JsonLogic;

/// <summary>MurmurHash3 x86 32-bit, the hash flagd's <c>fractional</c> uses (seed 0), over a whole buffer.</summary>
internal static class MurmurHash3
{
    public static uint Hash32(ReadOnlySpan<byte> data) => MurmurStream.Of(data).Finish();
}
