namespace Slipway.Server.State;

/// <summary>One test's history for a service: durations, outcomes, flake rate over time and quarantine state.</summary>
internal sealed class TestRecord(string name, string assembly)
{
    /// <summary>Durations kept per test; the shard planner uses the latest, the API shows the mean.</summary>
    public const int DurationWindow = 10;

    /// <summary>Points kept of the flake-rate series.</summary>
    public const int FlakeWindow = 20;

    public string Name { get; } = name;

    public string Assembly { get; set; } = assembly;

    /// <summary>Test runs this test took part in (passed, failed, timed out).</summary>
    public int Runs { get; set; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    /// <summary>Runs in which its failure was triaged as flaky.</summary>
    public int FlakyRuns { get; set; }

    public string? LastOutcome { get; set; }

    /// <summary>The number (1, 2, …) of the service's last test run in which this test failed or timed out.</summary>
    public int? LastFailedInStageRun { get; set; }

    public string? LastKind { get; set; }

    public string? LastRunId { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public Queue<double> Durations { get; } = new();

    /// <summary>Each run where it was flaky: when, which run, and the flake rate triage observed (failures / observations).</summary>
    public List<(DateTimeOffset At, string RunId, double Rate)> FlakeRates { get; } = [];

    public bool Quarantined { get; set; }

    public DateTimeOffset? QuarantinedAt { get; set; }

    public string? QuarantinedInRun { get; set; }

    /// <summary>Share of its runs in which it was flaky.</summary>
    public double FlakeRate => Runs == 0 ? 0 : (double)FlakyRuns / Runs;

    public double LastSeconds => Durations.Count == 0 ? 0 : Durations.Last();

    public double MeanSeconds => Durations.Count == 0 ? 0 : Durations.Average();

    public void AddDuration(double seconds)
    {
        Durations.Enqueue(seconds);
        while (Durations.Count > DurationWindow)
        {
            Durations.Dequeue();
        }
    }

    public void AddFlakeRate(DateTimeOffset at, string runId, double rate)
    {
        FlakeRates.Add((at, runId, rate));
        if (FlakeRates.Count > FlakeWindow)
        {
            FlakeRates.RemoveAt(0);
        }
    }
}
