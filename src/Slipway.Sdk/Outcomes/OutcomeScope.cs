namespace Slipway.Sdk.Outcomes;

/// <summary>The cells (flag, variant) one request was served. Pooled by the middleware; read and written by that request only.</summary>
internal sealed class OutcomeScope
{
    public const int MaxServed = 16;

    private readonly int[] _cells = new int[MaxServed];

    public int Count { get; private set; }

    /// <summary>The execution context this scope last entered from, and the one it built from it with itself as current.</summary>
    public ExecutionContext? Base { get; set; }

    public ExecutionContext? WithScope { get; set; }

    public ReadOnlySpan<int> Cells => _cells.AsSpan(0, Count);

    /// <summary>Adds a cell once; false when the request already holds <see cref="MaxServed"/> other cells.</summary>
    public bool Add(int cell)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_cells[i] == cell)
            {
                return true;
            }
        }

        if (Count == MaxServed)
        {
            return false;
        }

        _cells[Count++] = cell;
        return true;
    }

    public void Reset() => Count = 0;
}
