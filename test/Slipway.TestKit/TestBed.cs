using System.Globalization;
using Microsoft.Extensions.Logging;
using Slipway.Cli;
using Slipway.Server.Hosting;

namespace Slipway.TestKit;

/// <summary>
/// One test's world: a temp folder, a real git repository of a service, and (optionally) a real Slipway server
/// in-process on 127.0.0.1:0 with its embedded agent and SQLite journal. Disposing it stops the server and kills
/// every process that carries the test's owner marker, whatever state the test left.
/// </summary>
public sealed class TestBed : IAsyncDisposable
{
    private int _commits;

    private TestBed(TempFolder folder, GitRepository repository)
    {
        Folder = folder;
        Repository = repository;
        Owner = "t-" + Guid.NewGuid().ToString("N")[..12];
    }

    public TempFolder Folder { get; }

    public GitRepository Repository { get; }

    /// <summary>The marker every instance of this test carries in its environment (TESTKIT_OWNER).</summary>
    public string Owner { get; }

    public string DataDirectory => Folder.Combine("data");

    public SlipwayServer? Server => _host?.Server;

    public SlipwayApi Api => _api ?? throw new InvalidOperationException("No server: call StartServerAsync or UseServer first.");

    private SlipwayApi? _api;

    private EmbeddedHost? _host;

    public static async Task<TestBed> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var folder = TempFolder.Create(name);
        var repository = await GitRepository.InitAsync(folder.Combine("repo"), cancellationToken);
        return new TestBed(folder, repository);
    }

    /// <summary>
    /// Starts an in-process server on a free loopback port with its data in this test's folder, and the embedded agent
    /// next to it, composed as `slipway server` composes them.
    /// </summary>
    public async Task<SlipwayServer> StartServerAsync(CancellationToken cancellationToken, Func<SlipwayServerOptions, SlipwayServerOptions>? configure = null)
    {
        var options = new SlipwayServerOptions
        {
            DataDirectory = DataDirectory,
            Url = "http://127.0.0.1:0",
            MinimumLogLevel = LogLevel.Warning,
        };
        _host = await EmbeddedHost.StartAsync(configure?.Invoke(options) ?? options, agent: true, cancellationToken);
        UseServer(_host.Server.Address);
        return _host.Server;
    }

    /// <summary>
    /// Points the API client at a server on this bed's data folder, started here or as a child process. It sends the
    /// admin token that server wrote to <c>&lt;data&gt;/admin-token</c> on its first start.
    /// </summary>
    public void UseServer(Uri address)
    {
        _api?.Dispose();
        _api = new SlipwayApi(address, BearerHandler.AdminTokenOf(DataDirectory));
    }

    /// <summary>The admin token of this bed's server (from <c>&lt;data&gt;/admin-token</c>), or null before its first start.</summary>
    public string? AdminToken => BearerHandler.AdminTokenOf(DataDirectory)();

    /// <summary>Stops the in-process agent (it stops the instances), then the server.</summary>
    public async Task StopServerAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.DisposeAsync();
        }
    }

    public HelloConfig Config(string published) => HelloConfig.ForSample(Owner, published);

    /// <summary>Writes slipway.yml (and a file that changes on every commit) and commits; returns the sha.</summary>
    public async Task<string> CommitAsync(HelloConfig config, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        return await CommitYamlAsync(config.ToYaml(), message, cancellationToken);
    }

    public async Task<string> CommitYamlAsync(string yaml, string message, CancellationToken cancellationToken)
    {
        Repository.WriteFile("slipway.yml", yaml);
        Repository.WriteFile("CHANGE", (++_commits).ToString(CultureInfo.InvariantCulture) + "\n");
        return await Repository.CommitAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        finally
        {
            _api?.Dispose();
            Signals.KillOwnedBy(Owner);
            Folder.Dispose();
        }
    }
}
