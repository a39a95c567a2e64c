using System.Text;

namespace Slipway.Cli.Init;

/// <summary>The commented <c>slipway.yml</c> that <c>slipway init</c> writes for what <see cref="RepositoryScan"/> found.</summary>
internal sealed record SlipwayYmlTemplate
{
    /// <summary>The path the self-test calls when the service has no health endpoint yet: the one to add.</summary>
    public const string SuggestedHealthPath = "/healthz";

    public required DotnetProject Web { get; init; }

    public required IReadOnlyList<DotnetProject> Tests { get; init; }

    /// <summary>Whether global.json selects Microsoft.Testing.Platform, under which <c>dotnet test</c> takes <c>--project</c>.</summary>
    public required bool TestingPlatform { get; init; }

    public required HealthEndpoint? Health { get; init; }

    public required bool ReadsDataDirectory { get; init; }

    public required IReadOnlyList<SqliteConnection> RelativeSqlite { get; init; }

    /// <summary>
    /// Whether the tests go to Slipway's test stage (<c>tests.projects</c>): only when every test project is xUnit v3, the
    /// framework the stage lists, shuffles and triages; other frameworks keep a <c>test:</c> command.
    /// </summary>
    public bool StagedTests => Tests.Count > 0 && Tests.All(t => t.IsXunitV3);

    /// <summary>The <c>test:</c> command for test projects that the test stage cannot run.</summary>
    public string TestCommand => string.Join(" && ", Tests.Select(t => TestingPlatform ? $"dotnet test --project {t.Path} -c Release" : $"dotnet test {t.Path} -c Release"));

    public string Run
    {
        get
        {
            var start = $"dotnet {Web.AssemblyName}.dll --urls http://$SLIPWAY_ADDRESS:$PORT";
            if (RelativeSqlite.Count == 0)
            {
                return start;
            }

            var overrides = RelativeSqlite.Select(c => $"\"ConnectionStrings__{c.Name}=Data Source=$SLIPWAY_DATA_DIR/{c.File}\"");
            return $"env {string.Join(' ', overrides)} {start}";
        }
    }

    public string Render(string service)
    {
        var yml = new StringBuilder();
        Line(yml, $"# Slipway config for {service}, written by slipway init. Every key is explained in Slipway's docs/configuration.md.");
        Line(yml, "# It is read from each commit as it is, so a change to it ships like any other change.");
        Line(yml);
        Line(yml, "# Build: Slipway's .NET build. One incremental MSBuild run in the service's warm workspace builds the web project");
        Line(yml, StagedTests
            ? "# and its tests, and publishes the web project into out/, the folder that becomes the release's artifact."
            : "# and publishes it into out/, the folder that becomes the release's artifact.");
        Line(yml, "build:");
        Line(yml, $"  dotnet: {Scalar(Web.Path)}");
        Line(yml, "  # runtime: linux-x64   # publish for your hosts' platform only: a smaller artifact (host: the server's own)");
        if (Tests.Count == 0)
        {
            Line(yml, "# Test: no test project was found. Name the command that runs the tests, for example:");
            Line(yml, "# test: dotnet test -c Release");
        }
        else if (StagedTests)
        {
            Line(yml, "# Test: every commit's tests must pass before it is rolled out. Slipway's test stage runs what the build built,");
            Line(yml, "# in a new random order per commit (seeded, so it can be replayed), and names the test that polluted a failure.");
            Line(yml, "tests:");
            Line(yml, $"  projects: [{string.Join(", ", Tests.Select(t => Scalar(t.Path)))}]");
        }
        else
        {
            Line(yml, "# Test: every commit's tests must pass before it is rolled out. Release, like the build, so nothing compiles twice.");
            Line(yml, "# (Slipway's test stage, tests.projects, needs xUnit v3 test projects; these are not all xUnit v3.)");
            Line(yml, $"test: {TestCommand}");
        }

        Line(yml, "# The folder packaged as the release's immutable, content-addressed artifact.");
        Line(yml, "artifact: out");
        Line(yml, "# How one instance starts, inside its unpacked artifact: Slipway replaces $PORT with the instance's port;");
        Line(yml, "# SLIPWAY_ADDRESS is the address of the instance's host that the front door reaches (127.0.0.1 on one machine).");
        Line(yml, "# Each instance also gets SLIPWAY_DATA_DIR: the service's data folder, the same for every release (the");
        Line(yml, "# artifact's folder is new per release, so a file written there is gone after the next deploy).");
        if (RelativeSqlite.Count > 0)
        {
            Line(yml, $"# appsettings.json puts {string.Join(", ", RelativeSqlite.Select(c => c.File))} at a relative path, inside the artifact: the run");
            Line(yml, "# command points the connection string into SLIPWAY_DATA_DIR instead.");
            Line(yml, $"run: '{Run}'");
        }
        else
        {
            Line(yml, ReadsDataDirectory
                ? $"# {Web.AssemblyName} reads SLIPWAY_DATA_DIR already."
                : "# Keep databases and files there, e.g. Data Source=$SLIPWAY_DATA_DIR/app.db (see Slipway's docs/adopting.md).");
            Line(yml, $"run: {Run}");
        }

        Line(yml, "env:");
        Line(yml, "  # Production settings: appsettings.Production.json, no developer exception page.");
        Line(yml, "  ASPNETCORE_ENVIRONMENT: Production");
        Line(yml, "# Self-test: every new instance must answer this path with 2xx within the timeout, in Production,");
        Line(yml, "# or its release is rolled back before it takes traffic from more than one instance.");
        Line(yml, "selftest:");
        if (Health is { DevelopmentOnly: false } health)
        {
            Line(yml, $"  # {health.Kind} in {health.File}:{health.Line}");
            Line(yml, $"  path: {health.Path}");
        }
        else
        {
            Line(yml, "  # The service has no production health endpoint yet: add one (slipway init printed how), or every");
            Line(yml, "  # release fails here. Never point this at a page that answers 200 whatever the service's state.");
            Line(yml, $"  path: {SuggestedHealthPath}");
        }

        Line(yml, "  timeout: 30s");
        Line(yml, "# Three instances: waves of 1 and 2. The immune system compares the new version with the old one during");
        Line(yml, "# each bake, from what the front door measures of every request (no /metrics needed).");
        Line(yml, "instances: 3");
        Line(yml, "waves: exponential");
        Line(yml, "bake: 30s");
        return yml.ToString();
    }

    private static void Line(StringBuilder yml, string text = "") => yml.Append(text).Append('\n');

    /// <summary>A path as a YAML scalar: plain when it is only letters, digits and <c>/._-</c>, else single-quoted.</summary>
    private static string Scalar(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : $"'{path.Replace("'", "''", StringComparison.Ordinal)}'";
}
