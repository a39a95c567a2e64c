using Slipway.Core.Sandbox;

namespace Slipway.Agent.Instances;

/// <summary>
/// What an instance runs in besides its spec: the user it runs as (null: the agent's own), its HOME, its
/// service's secrets, which it receives as environment variables and which are masked in its log, and its
/// service's data folder (<c>SLIPWAY_DATA_DIR</c>), which every release of the service shares.
/// </summary>
internal sealed record InstanceSandbox(RunAsUser? User, string Home, IReadOnlyDictionary<string, string>? Secrets, string? DataDirectory = null)
{
    public IReadOnlyDictionary<string, string> SecretValues => Secrets ?? new Dictionary<string, string>();
}
