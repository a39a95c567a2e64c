namespace Slipway.Server.Hosting;

/// <summary>The layout of the server's data folder.</summary>
internal sealed class ServerPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Journal => Path.Combine(Root, "journal.db");

    public string Artifacts => Path.Combine(Root, "artifacts");

    public string Workspaces => Path.Combine(Root, "work");

    /// <summary>The services' warm workspaces (<c>workspaces/&lt;service&gt;</c>), kept between runs for incremental builds.</summary>
    public string WarmWorkspaces => Path.Combine(Root, "workspaces");

    public string WarmWorkspace(string service) => Path.Combine(WarmWorkspaces, service);

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>Where an agent composed next to the server (host "local") keeps its artifacts, logs and instance records.</summary>
    public string Agent => Path.Combine(Root, "agent");

    /// <summary>The Data Protection key ring that encrypts the services' secrets; only the server's user may read it.</summary>
    public string Keys => Path.Combine(Root, "keys");

    /// <summary>
    /// Where the embedded agent keeps each service's data folder (<c>services/&lt;name&gt;/data</c>, the instances'
    /// <c>SLIPWAY_DATA_DIR</c>): kept across releases, never cleaned by artifact retention.
    /// </summary>
    public string ServiceData => Path.Combine(Root, "services");

    /// <summary>HOME of a service's build and test steps.</summary>
    public string Home(string service) => Path.Combine(Root, "home", service);

    public string Mirror(string service) => Path.Combine(Root, "repos", service + ".git");
}
