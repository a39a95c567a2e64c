using Slipway.Core.Judge;

namespace Slipway.Server.Immune;

/// <summary>
/// What the judge saw at each look of one bake, for the console's chart of old against new: per look the elapsed
/// seconds and each check's old and new value (cumulative since the bake began, as the judge compared them). Bounded:
/// past <see cref="MaxSamples"/> looks every second one is dropped, so a long bake keeps its shape in a small journal entry.
/// </summary>
internal sealed class BakeSeries
{
    public const int MaxSamples = 60;

    private readonly List<Sample> _samples = [];
    private string[] _checks = [];
    private int _stride = 1;
    private int _looks;

    public void Add(TimeSpan elapsed, IReadOnlyList<CheckEvidence> checks)
    {
        if (_looks++ % _stride != 0)
        {
            return;
        }

        if (_checks.Length == 0)
        {
            _checks = [.. checks.Select(c => c.Check)];
        }

        _samples.Add(new Sample(
            Math.Round(elapsed.TotalSeconds, 2),
            [.. _checks.Select(name => Round(checks.FirstOrDefault(c => c.Check == name)?.Old))],
            [.. _checks.Select(name => Round(checks.FirstOrDefault(c => c.Check == name)?.New))]));
        if (_samples.Count > MaxSamples)
        {
            for (var i = _samples.Count - 1; i > 0; i -= 2)
            {
                _samples.RemoveAt(i - 1);
            }

            _stride *= 2;
        }
    }

    /// <summary>The journaled form: <c>{checks:[names], t:[s], old:[[per check]], new:[[per check]]}</c>, values rounded to 6 digits.</summary>
    public object ToEvidence() => new
    {
        checks = _checks,
        t = _samples.Select(s => s.T).ToArray(),
        old = _samples.Select(s => s.Old).ToArray(),
        @new = _samples.Select(s => s.New).ToArray(),
    };

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;

    private sealed record Sample(double T, double?[] Old, double?[] New);
}
