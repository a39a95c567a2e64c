using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Slipway.Flags.JsonLogic;

/// <summary>
/// MurmurHash3 x86_32 fed in pieces, with the same result as hashing the concatenated
/// UTF-8 bytes. A flag keeps the state after its own key (the usual bucket-key prefix), so an evaluation hashes only
/// the targeting key, and ASCII text is hashed straight from its UTF-16 chars without encoding it first.
/// </summary>
internal struct MurmurStream
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;
    private const ulong NonAsciiMask = 0xFF80_FF80_FF80_FF80;

    private uint _h;

    // Up to 3 bytes not yet forming a block, little-endian in the low bytes.
    private ulong _pending;
    private int _pendingCount;
    private int _length;

    public static MurmurStream Of(ReadOnlySpan<byte> utf8)
    {
        var stream = default(MurmurStream);
        stream.Append(utf8);
        return stream;
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        _length += utf8.Length;
        var i = 0;
        for (; i + 4 <= utf8.Length; i += 4)
        {
            Feed(BinaryPrimitives.ReadUInt32LittleEndian(utf8[i..]));
        }

        for (; i < utf8.Length; i++)
        {
            AddByte(utf8[i]);
        }
    }

    /// <summary>Appends the UTF-8 encoding of <paramref name="text"/> (unpaired surrogates become U+FFFD, as UTF8Encoding does).</summary>
    public void Append(string text)
    {
        var chars = text.AsSpan();
        if (Ascii.IsValid(chars))
        {
            AppendAscii(chars);
            return;
        }

        Span<byte> chunk = stackalloc byte[256];
        while (!chars.IsEmpty)
        {
            Utf8.FromUtf16(chars, chunk, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            Append(chunk[..written]);
            chars = chars[read..];
        }
    }

    public readonly uint Finish() => Finish(_h, _pending, _pendingCount, _length);

    /// <summary>
    /// The hash of what was appended followed by <paramref name="text"/>, leaving this state as it is: the hot path
    /// of a split (flag key, then targeting key). ASCII text is hashed in registers, four chars at a time.
    /// </summary>
    public readonly uint FinishWith(string text)
    {
        var h = _h;
        var pending = _pending;
        var pendingCount = _pendingCount;
        var shift = 8 * pendingCount;
        ref var first = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text.AsSpan()));
        var length = text.Length;
        var i = 0;
        for (; i + 4 <= length; i += 4)
        {
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i * 2));
            if ((x & NonAsciiMask) != 0)
            {
                return FinishWithUtf8(text);
            }

            // Four ASCII chars narrowed to four bytes, after whatever bytes were pending.
            var four = (ulong)(uint)((x & 0xFF) | ((x >> 8) & 0xFF00) | ((x >> 16) & 0xFF_0000) | ((x >> 24) & 0xFF00_0000));
            var combined = pending | (four << shift);
            h = Mix(h, (uint)combined);
            pending = combined >> 32;
        }

        for (; i < length; i++)
        {
            var c = text[i];
            if (c >= 0x80)
            {
                return FinishWithUtf8(text);
            }

            pending |= (ulong)c << (8 * pendingCount);
            if (++pendingCount == 4)
            {
                h = Mix(h, (uint)pending);
                pending = 0;
                pendingCount = 0;
            }
        }

        return Finish(h, pending, pendingCount, _length + length);
    }

    private static uint Finish(uint h, ulong pending, int pendingCount, int length)
    {
        if (pendingCount > 0)
        {
            var k = (uint)pending * C1;
            k = BitOperations.RotateLeft(k, 15) * C2;
            h ^= k;
        }

        h ^= (uint)length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint h, uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        k *= C2;
        h ^= k;
        h = BitOperations.RotateLeft(h, 13);
        return (h * 5) + 0xe6546b64;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly uint FinishWithUtf8(string text)
    {
        var copy = this;
        copy.Append(text);
        return copy.Finish();
    }

    private void AppendAscii(ReadOnlySpan<char> chars)
    {
        _length += chars.Length;
        ref var first = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(chars));
        var i = 0;
        for (; i + 4 <= chars.Length; i += 4)
        {
            // Four ASCII chars (eight bytes) narrowed to four bytes.
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i * 2));
            Debug.Assert((x & NonAsciiMask) == 0, "ASCII was checked");
            var packed = (uint)((x & 0xFF) | ((x >> 8) & 0xFF00) | ((x >> 16) & 0xFF_0000) | ((x >> 24) & 0xFF00_0000));
            Feed(packed);
        }

        for (; i < chars.Length; i++)
        {
            AddByte((byte)chars[i]);
        }
    }

    // Four more bytes: with pending bytes they shift through, so a block goes out and as many stay pending.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Feed(uint four)
    {
        if (_pendingCount == 0)
        {
            Block(four);
            return;
        }

        var combined = _pending | ((ulong)four << (8 * _pendingCount));
        Block((uint)combined);
        _pending = combined >> 32;
    }

    private void AddByte(byte b)
    {
        _pending |= (ulong)b << (8 * _pendingCount);
        if (++_pendingCount == 4)
        {
            Block((uint)_pending);
            _pending = 0;
            _pendingCount = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(uint k) => _h = Mix(_h, k);
}
