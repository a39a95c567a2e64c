using System.Buffers;
using System.Text;

namespace Slipway.Flags.JsonLogic;

/// <summary>Builds a UTF-8 bucket key on the stack, renting from the pool only for very long keys.</summary>
internal ref struct Utf8KeyBuilder
{
    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;

    public Utf8KeyBuilder(Span<byte> initial)
    {
        _buffer = initial;
        _rented = null;
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void Append(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_length + max > _buffer.Length)
        {
            Grow(_length + max);
        }

        _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        if (_length + utf8.Length > _buffer.Length)
        {
            Grow(_length + utf8.Length);
        }

        utf8.CopyTo(_buffer[_length..]);
        _length += utf8.Length;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer[.._length].CopyTo(next);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = next;
        _buffer = next;
    }
}
