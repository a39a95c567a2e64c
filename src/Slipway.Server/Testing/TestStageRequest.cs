using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>What the pipeline asks the test stage to run, and the service's test policy.</summary>
internal sealed record TestStageRequest
{
    /// <summary>The checked-out commit; relative project paths resolve against it.</summary>
    public required string WorkspaceDirectory { get; init; }

    /// <summary>Test projects (.csproj, built here) or built test executables / .dll files.</summary>
    public required IReadOnlyList<string> Projects { get; init; }

    /// <summary>
    /// Test projects of <see cref="Projects"/> that the build step already built (<c>build: dotnet</c>), with their built
    /// assemblies: the stage runs those and starts no MSBuild for them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Built { get; init; } = new Dictionary<string, string>();

    /// <summary>The seed; derive it with <see cref="TestSeed.FromCommitSha"/> or take the one given.</summary>
    public required int Seed { get; init; }

    public int Shards { get; init; } = System.Environment.ProcessorCount;

    /// <summary>The user the test processes run as (the pipeline's step user), or null for this process's own.</summary>
    public Slipway.Core.Sandbox.RunAsUser? RunAs { get; init; }

    /// <summary>A shard still running after this long is killed; the test it was running is named.</summary>
    public TimeSpan ShardTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times a failed test re-runs alone during triage.</summary>
    public int Reruns { get; init; } = 3;

    public FlakyPolicy Flaky { get; init; } = FlakyPolicy.Fail;

    public ZeroTestsPolicy ZeroTests { get; init; } = ZeroTestsPolicy.Fail;

    /// <summary>At most this many failed tests are triaged; the rest are reported untriaged.</summary>
    public int MaxTriaged { get; init; } = 10;

    /// <summary>Recorded durations by full test name, from earlier runs; empty splits evenly.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Durations { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Tests already quarantined: they run and are reported, but never fail the run.</summary>
    public IReadOnlySet<string> Quarantined { get; init; } = new HashSet<string>();

    /// <summary>Run exactly these tests in this order in one shard, instead of the seeded order (a repro).</summary>
    public IReadOnlyList<string>? ExplicitOrder { get; init; }

    /// <summary>Where the merged JUnit XML and TRX go; defaults to WorkspaceDirectory/.slipway/test-results.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Extra environment variables for every test process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Recently failed tests (full names): they and their classes run first in their shards, in the seeded order.</summary>
    public IReadOnlySet<string> FailFirst { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Entries of <see cref="Projects"/> that the commit touched: they run before the others.</summary>
    public IReadOnlySet<string> TouchedProjects { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Keep every shard running after a real failure; by default the other shards are stopped (tests.run_all_on_failure).</summary>
    public bool RunAllOnFailure { get; init; }

    /// <summary>Triage the failures (re-run, replay, bisect). Off only for benchmarks of the plain run.</summary>
    public bool Triage { get; init; } = true;
}
