using Slipway.Core.Sandbox;

namespace Slipway.Agent.Instances;

/// <summary>
/// What an instance runs in besides its spec: the user it runs as (null: the agent's own), its HOME, and its
/// service's secrets, which it receives as environment variables and which are masked in its log.
/// </summary>
internal sealed record InstanceSandbox(RunAsUser? User, string Home, IReadOnlyDictionary<string, string>? Secrets)
{
    public IReadOnlyDictionary<string, string> SecretValues => Secrets ?? new Dictionary<string, string>();
}
