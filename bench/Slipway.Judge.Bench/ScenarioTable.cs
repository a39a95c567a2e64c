namespace Slipway.Judge.Bench;

/// <summary>One scenario's table as both simulations print it: each judge's detection or false-rollback rate and times.</summary>
internal static class ScenarioTable
{
    public static void Print(Scenario scenario, JudgeResults[] rows, int horizonSeconds)
    {
        Console.WriteLine($"## {scenario.Name}{(scenario.IsRegression ? " (regression: should roll back)" : " (no change: should promote)")}");
        Console.WriteLine();
        var rateHeader = scenario.IsRegression ? "detected (rolled back)" : "false rollbacks (95% upper)";
        var timeHeader = scenario.IsRegression ? "time to rollback median / p95" : "time to promote median / p95";
        Console.WriteLine($"| judge | {rateHeader} | {timeHeader} | promoted | undecided at {horizonSeconds} s |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var (median, p95) = r.Times(rollback: scenario.IsRegression);
            var rate = scenario.IsRegression
                ? $"{r.RollbackRate * 100:0.0}% ({r.Rollbacks}/{r.Runs})"
                : $"{r.RollbackRate * 100:0.0}% ({r.Rollbacks}/{r.Runs}, <= {r.RollbackRateUpper95 * 100:0.00}%)";
            Console.WriteLine($"| {r.Judge} | {rate} | {median:0.#} s / {p95:0.#} s | {r.Promotions} | {r.Undecided} |");
        }

        Console.WriteLine();
        if (!scenario.IsRegression)
        {
            foreach (var outcome in rows[0].Outcomes.Where(o => o is { Rollback: true }).Take(3))
            {
                Console.WriteLine($"Slipway false rollback at {outcome!.Seconds} s: {outcome.Reason}");
            }

            Console.WriteLine();
        }
    }
}
