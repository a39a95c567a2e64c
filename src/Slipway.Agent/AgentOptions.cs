namespace Slipway.Agent;

public sealed record AgentOptions
{
    /// <summary>The host name this agent answers for; the server assigns instances to hosts.</summary>
    public string Host { get; init; } = "local";

    /// <summary>
    /// The address instances listen on and the server reaches them at (the front door, self-tests, scrapes). The
    /// embedded agent's is loopback; an agent on another host gives an address the server can reach.
    /// </summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Where the agent keeps unpacked artifacts, instance logs and its record of running processes.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Where each service's data folder lives (<c>&lt;this&gt;/&lt;service&gt;/data</c>), which its instances get as
    /// <c>SLIPWAY_DATA_DIR</c>. It outlives releases and is never touched by artifact retention. Default:
    /// <c>&lt;DataDirectory&gt;/services</c>; the embedded agent uses the server's <c>&lt;data&gt;/services</c>.
    /// </summary>
    public string? ServiceDataDirectory { get; init; }

    /// <summary>How often the agent reports even when nothing changed.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the agent scrapes every listening instance's /metrics and sends the samples to the server.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Stop every instance when the agent shuts down gracefully (the embedded agent does; kill -9 never does).</summary>
    public bool StopInstancesOnShutdown { get; init; } = true;

    /// <summary>
    /// When the agent runs as root: the unprivileged user (name or uid) its instances run as, through setpriv.
    /// Read from <c>SLIPWAY_RUN_AS</c>; empty runs them as the agent's own user.
    /// </summary>
    public string? RunAs { get; init; } = Environment.GetEnvironmentVariable("SLIPWAY_RUN_AS");
}
