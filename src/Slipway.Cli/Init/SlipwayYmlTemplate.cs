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
        Line(yml, "# Build: publish the web project into out/, the folder that becomes the release's artifact.");
        Line(yml, "build:");
        Line(yml, $"  - dotnet publish {Web.Path} -c Release -o out --nologo");
        if (Tests.Count == 0)
        {
            Line(yml, "# Test: no test project was found. Name the command that runs the tests, for example:");
            Line(yml, "# test: dotnet test -c Release");
        }
        else
        {
            Line(yml, "# Test: every commit's tests must pass before it is rolled out. Release, like the build, so nothing compiles twice.");
            var commands = Tests.Select(t => TestingPlatform ? $"dotnet test --project {t.Path} -c Release" : $"dotnet test {t.Path} -c Release");
            Line(yml, $"test: {string.Join(" && ", commands)}");
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
}
