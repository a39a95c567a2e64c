namespace Slipway.Flags.Experiments;

/// <summary>Normal and chi-squared tail probabilities, from the BCL alone.</summary>
internal static class Statistics
{
    /// <summary>Two-sided 95% critical value of the standard normal.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Complementary error function (Numerical Recipes erfcc; fractional error below 1.2e-7).</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var i = c.Length - 1; i >= 1; i--)
        {
            poly = t * (c[i] + poly);
        }

        var ans = t * Math.Exp((-z * z) + c[0] + poly);
        return x >= 0 ? ans : 2.0 - ans;
    }

    /// <summary>P(|Z| ≥ |z|) for a standard normal Z.</summary>
    public static double TwoSidedNormalP(double z) => Math.Min(1.0, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>P(X ≥ x) for a chi-squared X with <paramref name="degreesOfFreedom"/>.</summary>
    public static double ChiSquaredSurvival(double x, int degreesOfFreedom) =>
        x <= 0 ? 1.0 : RegularizedGammaQ(degreesOfFreedom / 2.0, x / 2.0);

    /// <summary>Upper regularized incomplete gamma Q(a, x) (series below a+1, continued fraction above).</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x < a + 1)
        {
            double sum = 1.0 / a, term = sum, ap = a;
            for (var n = 0; n < 1000; n++)
            {
                ap += 1;
                term *= x / ap;
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15)
                {
                    break;
                }
            }

            return Math.Max(0, 1.0 - (sum * Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a))));
        }

        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a)) * h;
    }

    /// <summary>ln Γ(x), Lanczos approximation.</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
            .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
            -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
            -.261908384015814087e-4, .368991826595316234e-5,
        ];
        var y = x;
        var tmp = x + 5.24218750000000000;
        tmp = ((x + 0.5) * Math.Log(tmp)) - tmp;
        var ser = 0.999999999999997092;
        foreach (var coefficient in c)
        {
            ser += coefficient / ++y;
        }

        return tmp + Math.Log(2.5066282746310005 * ser / x);
    }
}
