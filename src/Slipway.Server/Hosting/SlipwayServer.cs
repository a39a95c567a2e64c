using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Agent.Protocol;
using Slipway.Server.Agents;
using Slipway.Server.Api;
using Slipway.Server.Auth;
using Slipway.Server.WebConsole;
using Slipway.Server.Flags;
using Slipway.Server.FrontDoor;
using Slipway.Server.Immune;
using Slipway.Server.Journal;
using Slipway.Server.Metrics;
using Slipway.Server.Pipelines;
using Slipway.Server.Rollouts;
using Slipway.Server.Secrets;
using Slipway.Server.Services;

namespace Slipway.Server.Hosting;

/// <summary>
/// The Slipway server: HTTP API, journal, pipeline runner, rollout driver and front doors. It runs no agent itself:
/// agents meet it only over agent protocol v1, remote ones over HTTP, an in-process one through <see cref="AgentLink"/>
/// (the CLI composes that one next to the server).
/// </summary>
public sealed class SlipwayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _routesLoop;
    private Task? _guardedLoop;
    private int _disposed;

    private SlipwayServer(WebApplication app, SlipwayServerOptions options)
    {
        _app = app;
        Options = options;
    }

    public SlipwayServerOptions Options { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => _app.Services;

    internal EventJournal Journal => _app.Services.GetRequiredService<EventJournal>();

    internal AgentHub Agents => _app.Services.GetRequiredService<AgentHub>();

    /// <summary>Agent protocol v1 in-process, for an agent composed next to the server: the calls `/api/agent/v1` serves over HTTP, without the HTTP.</summary>
    public IAgentServerLink AgentLink => Agents;

    internal FrontDoorManager FrontDoors => _app.Services.GetRequiredService<FrontDoorManager>();

    internal FrontDoorRoutes Routes => _app.Services.GetRequiredService<FrontDoorRoutes>();

    /// <summary>The tokens: create, list, revoke; and the SDK keys instances get.</summary>
    public TokenStore Tokens => _app.Services.GetRequiredService<TokenStore>();

    /// <summary>The admin token created on this start (the first start on a data folder), for printing once; else null.</summary>
    public string? FirstStartAdminToken => Tokens.FirstStartAdminToken;

    /// <summary>
    /// The first admin token as <c>&lt;data&gt;/admin-token</c> holds it, for whatever runs the server embedded (the demo,
    /// tests, benches); null once the operator has deleted that file.
    /// </summary>
    public string? AdminToken => File.Exists(Tokens.AdminTokenFile) ? File.ReadAllText(Tokens.AdminTokenFile).Trim() : null;

    internal ServiceCommands Commands => _app.Services.GetRequiredService<ServiceCommands>();

    public static async Task<SlipwayServer> StartAsync(SlipwayServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paths = new ServerPaths(options.DataDirectory);
        Directory.CreateDirectory(paths.Root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        if (options.MinimumLogLevel == LogLevel.Warning)
        {
            // The default level still says what the server is doing: one line per stage.
            foreach (var category in SlipwayServerOptions.StageLogCategories)
            {
                builder.Logging.AddFilter(category, LogLevel.Information);
            }
        }

        if (options.LogSink is { } sink)
        {
            builder.Logging.AddProvider(sink);
        }
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The key ring is protected by the folder's permissions (owner only), not by an XML encryptor: no warning for it on every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseUrls(options.Url);
        // Every body is bounded (a 413 past it); the flagd import raises its own limit, and only that one.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ApiLimits.MaxRequestBodyBytes);
        builder.Services.AddSlipwayProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.WriteIndented = false;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(sp => new TokenStore(paths, options.Time));
        builder.Services.AddSingleton<IJournalStore>(_ => options.PostgresConnectionString is { } pg
            ? new PostgresJournalStore(pg)
            : new SqliteJournalStore(paths.Journal));
        builder.Services.AddSingleton<EventJournal>();
        builder.Services.AddSingleton(_ => new ArtifactStore(paths.Artifacts));
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton(new FrontDoorMetrics { Enabled = options.FrontDoorRecording });
        // The front door's own measurements answer the front-door checks; the instances' /metrics (scraped by the agents,
        // or read from Prometheus) answer the rest.
        builder.Services.AddSingleton<IMetricSource>(sp => new LayeredMetricSource(
            new FrontDoorMetricSource(sp.GetRequiredService<FrontDoorMetrics>()),
            options.PrometheusUrl is { } prometheus
                ? new PrometheusMetricSource(new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) }, new Uri(prometheus.EndsWith('/') ? prometheus : prometheus + "/"))
                : new ScrapedMetricSource(sp.GetRequiredService<MetricStore>())));
        builder.Services.AddDataProtection()
            .SetApplicationName("slipway")
            .PersistKeysToFileSystem(SecretKeyRing.Create(paths.Keys));
        builder.Services.AddSingleton<SecretVault>();
        builder.Services.AddSingleton<StepSandbox>();
        builder.Services.AddSingleton<AgentHub>();
        builder.Services.AddSingleton<FrontDoorRoutes>();
        builder.Services.AddSingleton<FrontDoorManager>();
        builder.Services.AddSingleton(sp => new SelfTester(sp.GetRequiredService<AgentHub>(), new HttpClient(new SocketsHttpHandler { UseProxy = false }), options.Time, sp.GetRequiredService<SecretVault>()));
        builder.Services.AddSingleton<TimedBakeGate>();
        builder.Services.AddSingleton<JudgeBakeGate>();
        // The judge bakes every wave; with nothing to compare with (a first release) it falls back to the timed bake itself.
        builder.Services.AddSingleton<IBakeGate>(sp => sp.GetRequiredService<JudgeBakeGate>());
        builder.Services.AddSingleton<ReleaseWatch>();
        builder.Services.AddSingleton<Migrations.ContractRunner>();
        builder.Services.AddSingleton<RolloutDriver>();
        builder.Services.AddSingleton(new BakeBoard(options.Time));
        builder.Services.AddSingleton<PipelineRunner>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ArtifactRetention>();
        builder.Services.AddSingleton<RunQueue>();
        builder.Services.AddSingleton<RepositoryWatcher>();
        builder.Services.AddSingleton<ServiceCoordinator>();
        builder.Services.AddSingleton<ServiceCommands>();
        builder.Services.AddSingleton<StartupRecovery>();
        builder.Services.AddSingleton<FlagService>();
        builder.Services.AddSingleton<CohortBoard>();
        builder.Services.AddSingleton(sp => new GuardedRolloutDriver(sp.GetRequiredService<EventJournal>(), sp.GetRequiredService<FlagService>(), sp.GetRequiredService<CohortBoard>(), options.Time, sp.GetRequiredService<ILogger<GuardedRolloutDriver>>()) { LookInterval = options.GuardedLookInterval });
        builder.Services.AddSingleton<FlagStreamHub>();
        builder.Services.AddSingleton(new FlagStreamOptions());
        builder.Services.AddSingleton<ReleaseFlagSync>();
        builder.Services.AddSingleton<JournalStreamHub>();

        var app = builder.Build();
        app.UseSlipwayProblemDetails();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<TokenAuthentication>();
        app.MapOpenApi().RequireScope(TokenScope.Read);
        app.MapConsole();
        app.MapTokensApi();
        app.MapServicesApi();
        app.MapContractsApi();
        app.MapSecretsApi();
        app.MapRunsApi();
        app.MapTestsApi();
        app.MapAgentApi();
        app.MapPrometheusTargetsApi();
        app.MapFlagsApi();
        app.MapFlagsStreamApi();
        app.MapExperimentsApi();
        app.MapOfrepApi();
        app.MapEventsApi();
        app.MapDoraApi();

        var server = new SlipwayServer(app, options);
        await server.StartCoreAsync(cancellationToken);
        return server;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _ = Tokens;
        var journal = Journal;
        await journal.LoadAsync(cancellationToken);
        var sandbox = _app.Services.GetRequiredService<StepSandbox>();
        sandbox.Prepare();
        var startLog = _app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<SlipwayServer>();
        if (sandbox.User is { } runAs)
        {
            startLog.LogInformation("Build and test steps run as {User} (uid {Uid}), not as root; SLIPWAY_RUN_AS names another user", runAs.Name, runAs.Uid);
        }
        else if (Environment.IsPrivilegedProcess && OperatingSystem.IsLinux())
        {
            startLog.LogWarning("SLIPWAY_RUN_AS=root: build and test steps run as root, so whoever can push to a watched branch owns this machine");
        }

        journal.CrashPoint = CrashPoint.Parse(Options.CrashAfterEvent);
        var driver = _app.Services.GetRequiredService<RolloutDriver>();
        var doors = FrontDoors;
        var flagStreams = _app.Services.GetRequiredService<FlagStreamHub>();
        var releaseFlags = _app.Services.GetRequiredService<ReleaseFlagSync>();
        var consoleStreams = _app.Services.GetRequiredService<JournalStreamHub>();
        journal.Appended += (e, at) =>
        {
            driver.OnAppended(e);
            _ = doors.OnAppendedAsync(e);
            flagStreams.OnAppended(e);
            releaseFlags.OnAppended(e);
            consoleStreams.OnAppended(e, at);
        };
        await releaseFlags.CatchUpAsync(cancellationToken);

        await _app.StartAsync(cancellationToken);
        Address = new Uri(_app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _routesLoop = Task.Run(() => Routes.RunAsync(_stopping.Token));
        var guarded = _app.Services.GetRequiredService<GuardedRolloutDriver>();
        _guardedLoop = Task.Run(() => guarded.RunAsync(_stopping.Token));
        await doors.StartAsync(cancellationToken);
        _app.Services.GetRequiredService<StartupRecovery>().Start(_stopping.Token);
    }

    /// <summary>Stops the server. An agent composed next to it is stopped first, by whoever composed it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await FrontDoors.DisposeAsync();
        await _app.StopAsync();
        if (_guardedLoop is not null)
        {
            await _guardedLoop;
        }

        if (_routesLoop is not null)
        {
            try
            {
                await _routesLoop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.Services.GetRequiredService<IJournalStore>().DisposeAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
