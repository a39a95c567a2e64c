using Slipway.Core.Judge;
using Slipway.Flags.Protocol;

namespace Slipway.Server.Flags;

/// <summary>
/// Per service, environment, flag and variant: how the requests the SDKs' outcomes middleware saw served that variant
/// ended, summed over every instance since this server started (status classes, duration buckets, goals). In memory,
/// like the metrics the immune system scrapes; the verdicts drawn from it are journaled. Bounded: past
/// <see cref="MaxCells"/> (flag, variant) pairs or <see cref="MaxGoalsPerCell"/> goal names per pair, new ones are
/// counted as dropped, not stored.
/// </summary>
internal sealed class CohortBoard
{
    public const int MaxCells = 4096;
    public const int MaxGoalsPerCell = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<(FlagScope Scope, string Flag, string Variant), Cell> _cells = [];
    private long _dropped;

    public long Dropped
    {
        get
        {
            lock (_lock)
            {
                return _dropped;
            }
        }
    }

    public void Add(FlagScope scope, IEnumerable<VariantOutcome> outcomes, long droppedBySdk)
    {
        lock (_lock)
        {
            _dropped += Math.Max(0, droppedBySdk);
            foreach (var outcome in outcomes)
            {
                var id = (scope, outcome.FlagKey, outcome.Variant);
                if (!_cells.TryGetValue(id, out var cell))
                {
                    if (_cells.Count >= MaxCells)
                    {
                        _dropped++;
                        continue;
                    }

                    _cells[id] = cell = new Cell();
                }

                cell.Add(outcome, ref _dropped);
            }
        }
    }

    /// <summary>The counts of one variant so far (empty when none were received).</summary>
    public CohortCounts Variant(FlagScope scope, string flag, string variant)
    {
        lock (_lock)
        {
            return _cells.TryGetValue((scope, flag, variant), out var cell) ? cell.ToCounts() : CohortCounts.Empty;
        }
    }

    /// <summary>The flag-on cohort (served <paramref name="variant"/>) and the flag-off cohort (served any other variant of the flag).</summary>
    public (CohortCounts FlagOn, CohortCounts FlagOff) Cohorts(FlagScope scope, string flag, string variant)
    {
        lock (_lock)
        {
            var on = CohortCounts.Empty;
            var off = CohortCounts.Empty;
            foreach (var ((cellScope, cellFlag, cellVariant), cell) in _cells)
            {
                if (cellScope != scope || cellFlag != flag)
                {
                    continue;
                }

                if (cellVariant == variant)
                {
                    on = on.Add(cell.ToCounts());
                }
                else
                {
                    off = off.Add(cell.ToCounts());
                }
            }

            return (on, off);
        }
    }

    /// <summary>Per variant of one flag, its counts so far.</summary>
    public Dictionary<string, CohortCounts> Flag(FlagScope scope, string flag)
    {
        lock (_lock)
        {
            return _cells.Where(c => c.Key.Scope == scope && c.Key.Flag == flag)
                .ToDictionary(c => c.Key.Variant, c => c.Value.ToCounts(), StringComparer.Ordinal);
        }
    }

    private sealed class Cell
    {
        private readonly long[] _status = new long[5];
        private readonly long[] _durations = new long[CohortCounts.BoundsMs.Count + 1];
        private readonly Dictionary<string, long> _goals = new(StringComparer.Ordinal);

        public void Add(VariantOutcome outcome, ref long dropped)
        {
            for (var i = 0; i < _status.Length; i++)
            {
                _status[i] += outcome.StatusClasses[i];
            }

            for (var i = 0; i < _durations.Length; i++)
            {
                _durations[i] += outcome.DurationBuckets[i];
            }

            foreach (var (name, count) in outcome.Goals)
            {
                if (!_goals.ContainsKey(name) && _goals.Count >= MaxGoalsPerCell)
                {
                    dropped++;
                    continue;
                }

                _goals[name] = _goals.GetValueOrDefault(name) + count;
            }
        }

        public CohortCounts ToCounts() => new([.. _status], [.. _durations], new Dictionary<string, long>(_goals, StringComparer.Ordinal));
    }
}
