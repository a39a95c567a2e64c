using System.Collections.Concurrent;
using System.Diagnostics;
using Slipway.Flags.Protocol;

namespace Slipway.Sdk.Outcomes;

/// <summary>
/// Per flag and variant: how the requests that were served it ended (status class, duration histogram) and how many
/// goals they reached. A fixed number of cells, allocated as (flag, variant) pairs are first seen; past
/// <see cref="MaxCells"/> pairs or <see cref="MaxGoals"/> goal names, new ones are counted as dropped, not stored.
/// Counting is lock-free and allocates nothing once a pair has its cell.
/// </summary>
internal sealed class VariantOutcomes
{
    public const int MaxCells = 256;
    public const int MaxGoals = 16;

    /// <summary>Upper bounds of the duration buckets in milliseconds (the last bucket is everything above).</summary>
    private const int StatusClasses = 5;

    /// <summary>One bucket per bound, and one above the last.</summary>
    private static readonly int DurationBuckets = VariantOutcome.DurationBoundsMs.Count + 1;

    /// <summary>The same bounds in <see cref="Stopwatch"/> ticks, so a request's duration is bucketed without floating point.</summary>
    private static readonly long[] BucketBoundsTicks = [.. VariantOutcome.DurationBoundsMs.Select(ms => (long)Math.Round(ms * Stopwatch.Frequency / 1000))];

    private readonly ConcurrentDictionary<(string Flag, string Variant), int> _cellOf = new();
    private readonly ConcurrentDictionary<string, int> _goalOf = new(StringComparer.Ordinal);
    private readonly Cell[] _cells = new Cell[MaxCells];
    private readonly string[] _goalNames = new string[MaxGoals];
    private readonly Lock _grow = new();
    private int _cellCount;
    private int _goalCount;
    private long _dropped;

    /// <summary>The cell of a (flag, variant) pair, or -1 when the table is full.</summary>
    public int CellOf(string flag, string variant)
    {
        if (_cellOf.TryGetValue((flag, variant), out var index))
        {
            return index;
        }

        return AddCell(flag, variant);
    }

    /// <summary>One interlocked increment per request: of the (status class, duration bucket) counter.</summary>
    public void RecordRequest(int cell, int statusCode, long elapsedTicks)
    {
        var c = _cells[cell];
        var statusClass = Math.Clamp(statusCode / 100, 1, 5) - 1;
        var bounds = BucketBoundsTicks;
        var bucket = 0;
        while (bucket < bounds.Length && elapsedTicks > bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref c.Counts[statusClass * DurationBuckets + bucket]);
    }

    public void RecordGoal(int cell, string goal)
    {
        var g = GoalOf(goal);
        if (g < 0)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        Interlocked.Increment(ref _cells[cell].Goals[g]);
    }

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>The counts since the previous call, per (flag, variant) with anything counted; the counters restart at zero.</summary>
    public (List<VariantOutcome> Outcomes, long Dropped) TakeSnapshot()
    {
        var list = new List<VariantOutcome>();
        var count = Volatile.Read(ref _cellCount);
        for (var i = 0; i < count; i++)
        {
            var c = _cells[i];
            var status = new long[StatusClasses];
            var durations = new long[DurationBuckets];
            long total = 0;
            for (var s = 0; s < StatusClasses; s++)
            {
                for (var d = 0; d < DurationBuckets; d++)
                {
                    var n = Interlocked.Exchange(ref c.Counts[s * DurationBuckets + d], 0);
                    status[s] += n;
                    durations[d] += n;
                    total += n;
                }
            }

            Dictionary<string, long>? goals = null;
            var goalCount = Volatile.Read(ref _goalCount);
            for (var g = 0; g < goalCount; g++)
            {
                var n = Interlocked.Exchange(ref c.Goals[g], 0);
                if (n > 0)
                {
                    (goals ??= new(StringComparer.Ordinal))[_goalNames[g]] = n;
                }
            }

            if (total > 0 || goals is not null)
            {
                list.Add(new VariantOutcome(c.Flag, c.Variant, status, durations, goals ?? []));
            }
        }

        return (list, Interlocked.Exchange(ref _dropped, 0));
    }

    private int AddCell(string flag, string variant)
    {
        lock (_grow)
        {
            if (_cellOf.TryGetValue((flag, variant), out var index))
            {
                return index;
            }

            if (_cellCount >= MaxCells)
            {
                return -1;
            }

            var i = _cellCount;
            _cells[i] = new Cell(flag, variant);
            Volatile.Write(ref _cellCount, i + 1);
            _cellOf[(flag, variant)] = i;
            return i;
        }
    }

    private int GoalOf(string goal)
    {
        if (_goalOf.TryGetValue(goal, out var index))
        {
            return index;
        }

        lock (_grow)
        {
            if (_goalOf.TryGetValue(goal, out index))
            {
                return index;
            }

            if (_goalCount >= MaxGoals)
            {
                return -1;
            }

            var i = _goalCount;
            _goalNames[i] = goal;
            Volatile.Write(ref _goalCount, i + 1);
            _goalOf[goal] = i;
            return i;
        }
    }

    private sealed class Cell(string flag, string variant)
    {
        public readonly string Flag = flag;
        public readonly string Variant = variant;
        /// <summary>Requests by status class (row) and duration bucket (column).</summary>
        public readonly long[] Counts = new long[StatusClasses * DurationBuckets];
        public readonly long[] Goals = new long[MaxGoals];
    }
}
