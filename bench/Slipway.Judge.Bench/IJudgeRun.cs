namespace Slipway.Judge.Bench;

/// <summary>One judge in one run, shown the streams after every simulated second.</summary>
internal interface IJudgeRun
{
    /// <summary>Returns the decision once there is one; null means keep baking.</summary>
    Outcome? Observe(int second, GroupStream canary, GroupStream baseline);
}
