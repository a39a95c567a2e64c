using System.Collections.Immutable;
using Slipway.Core.Services;

namespace Slipway.Server.State;

/// <summary>What the server knows about one service, projected from the journal. Immutable: a snapshot.</summary>
internal sealed record ServiceView(string Name, string Repository, string Branch, int FrontDoorPort, double PollSeconds, ServiceLifecycle Lifecycle)
{
    public string? LastSeenCommit { get; init; }

    public ImmutableList<string> RolloutIds { get; init; } = [];

    public ImmutableList<string> RunIds { get; init; } = [];

    public bool Paused => Lifecycle.Paused;

    public string? ProductionVersion => Lifecycle.ProductionVersion;

    public Release? Production => Lifecycle.ProductionVersion is { } version ? Lifecycle.ReleaseOf(version) : null;

    public string? ProductionDigest => Production?.ArtifactDigest;

    public string? ProductionConfigYaml => Production?.ConfigYaml;

    public string? ActiveRolloutId => Lifecycle.ActiveRolloutId;

    public ImmutableHashSet<string> RolledBackVersions => Lifecycle.RolledBackVersions;
}
