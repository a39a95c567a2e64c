namespace Slipway.Cli.Commands;

/// <summary>One step of the demo's flag release: the target percentage, and the share of distinct users seen getting the feature.</summary>
internal sealed record FlagsDemoStep(int Percent, double Observed, int Users, long Version)
{
    /// <summary>Within ±3 points of the target.</summary>
    public bool AsExpected => Math.Abs(Observed - (Percent / 100.0)) <= 0.03;
}
