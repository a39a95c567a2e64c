using System.Collections.Immutable;
using Slipway.Core.Services;

namespace Slipway.Server.State;

/// <summary>What the server knows about one service, projected from the journal. Immutable: a snapshot.</summary>
internal sealed record ServiceView(string Name, string Repository, string Branch, int FrontDoorPort, double PollSeconds, ServiceLifecycle Lifecycle)
{
    public string? LastSeenCommit { get; init; }

    public ImmutableList<string> RolloutIds { get; init; } = [];

    public ImmutableList<string> RunIds { get; init; } = [];

    /// <summary>Runs numbered by earlier registrations of this name (removed since): this one's run ids go on after them.</summary>
    public int RunsBefore { get; init; }

    /// <summary>The id the next run gets: <c>NAME-N</c>, never one that an earlier registration of the name used.</summary>
    public string NextRunId => $"{Name}-{RunsBefore + RunIds.Count + 1}";

    public bool Paused => Lifecycle.Paused;

    public string? ProductionVersion => Lifecycle.ProductionVersion;

    public Release? Production => Lifecycle.ProductionVersion is { } version ? Lifecycle.ReleaseOf(version) : null;

    public string? ProductionDigest => Production?.ArtifactDigest;

    public string? ProductionConfigYaml => Production?.ConfigYaml;

    public string? ActiveRolloutId => Lifecycle.ActiveRolloutId;

    public ImmutableHashSet<string> RolledBackVersions => Lifecycle.RolledBackVersions;
}
