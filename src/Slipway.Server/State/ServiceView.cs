namespace Slipway.Server.State;

/// <summary>What the server knows about one service, projected from the journal.</summary>
internal sealed class ServiceView(string name, string repository, string branch, int frontDoorPort, double pollSeconds)
{
    public string Name { get; } = name;

    public string Repository { get; } = repository;

    public string Branch { get; } = branch;

    public int FrontDoorPort { get; } = frontDoorPort;

    public double PollSeconds { get; } = pollSeconds;

    public bool Paused { get; set; }

    public string? LastSeenCommit { get; set; }

    public string? ProductionVersion { get; set; }

    public string? ProductionDigest { get; set; }

    public string? ProductionConfigYaml { get; set; }

    public string? ActiveRolloutId { get; set; }

    public HashSet<string> RolledBackVersions { get; } = new(StringComparer.Ordinal);

    public List<string> RolloutIds { get; } = [];

    public List<string> RunIds { get; } = [];
}
