namespace Slipway.Cli.Commands;

/// <summary>Where a flag or experiment verb acts (service, environment, server), and the API paths that leads to.</summary>
internal sealed record FlagsTarget(string Service, string Environment, Uri Server)
{
    public string Flags => $"api/services/{Uri.EscapeDataString(Service)}/flags?environment={Uri.EscapeDataString(Environment)}";

    public string Flag(string key, string? action = null) =>
        $"api/services/{Uri.EscapeDataString(Service)}/flags/{Uri.EscapeDataString(key)}{(action is null ? string.Empty : "/" + action)}?environment={Uri.EscapeDataString(Environment)}";

    public string Document(string? mode = null) =>
        $"api/services/{Uri.EscapeDataString(Service)}/flagd?environment={Uri.EscapeDataString(Environment)}{(mode is null ? string.Empty : "&mode=" + mode)}";

    public string Results(string key, string? goal) =>
        $"api/services/{Uri.EscapeDataString(Service)}/experiments/{Uri.EscapeDataString(key)}/results?environment={Uri.EscapeDataString(Environment)}{(goal is null ? string.Empty : "&goal=" + Uri.EscapeDataString(goal))}";
}
