using System.Globalization;

namespace Slipway.Core.Config;

/// <summary>The smallest change a check treats as real, such as <c>1pp</c> or <c>20%</c>.</summary>
public sealed record MinEffect(double Value, EffectUnit Unit)
{
    /// <summary>The effect as a fraction: 1pp and 1% are both 0.01 (absolute and relative, by <see cref="Unit"/>).</summary>
    public double Fraction => Value / 100.0;

    public override string ToString() =>
        Value.ToString(CultureInfo.InvariantCulture) + (Unit == EffectUnit.PercentagePoints ? "pp" : "%");
}
