using Slipway.Core.Config;
using Slipway.TestKit;

namespace Slipway.Cli.Tests.Commands;

/// <summary>`slipway init` on real folders: samples/todo as it is, and small repositories made for each case.</summary>
public sealed class InitCommandTests : IDisposable
{
    private const string Web = """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""";

    private readonly TempFolder _folder = TempFolder.Create("init");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Init_on_samples_todo_writes_a_config_that_the_pipelines_config_step_accepts()
    {
        var repo = TodoSample.CopyTo(_folder.Combine("todo"));

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        var parsed = SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml")), SlipwayConfigParser.FileName);
        Assert.True(parsed.Success, parsed.FormatErrors());
        var config = parsed.Config;
        // Slipway's .NET build and test stage: one incremental MSBuild run, whose test assemblies the stage shuffles and shards.
        Assert.Empty(config.Build);
        Assert.Equal("src/Todo/Todo.csproj", config.Dotnet?.Project);
        Assert.Equal("Release", config.Dotnet?.Configuration);
        Assert.Null(config.Dotnet?.Runtime);
        Assert.Equal(["tests/Todo.Tests/Todo.Tests.csproj"], config.Tests.Projects);
        Assert.Null(config.Test);
        Assert.Contains("build:     src/Todo/Todo.csproj (Slipway's .NET build", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("test:      tests/Todo.Tests/Todo.Tests.csproj (Slipway's test stage)", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("out", config.Artifact);
        Assert.Equal("dotnet Todo.dll --urls http://$SLIPWAY_ADDRESS:$PORT", config.Run);
        Assert.Equal("Production", config.Env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("/healthz", config.SelfTest.Path);
        Assert.Contains("self-test: /healthz (MapHealthChecks in src/Todo/Program.cs:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("the service reads $SLIPWAY_DATA_DIR", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"slipway services add todo {repo}", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_leaves_an_existing_slipway_yml_alone_unless_forced()
    {
        var repo = TodoSample.CopyTo(_folder.Combine("todo"));
        var target = Path.Combine(repo, "slipway.yml");
        File.WriteAllText(target, "build: make\n");

        var refused = await CliRun.RunAsync("init", "--path", repo);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists already", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("build: make\n", File.ReadAllText(target));

        var forced = await CliRun.RunAsync("init", "--path", repo, "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.StartsWith("# Slipway config for todo", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_without_an_aspnet_core_project_says_so_and_writes_nothing()
    {
        var repo = _folder.Combine("lib");
        Write(repo, "src/Lib/Lib.csproj", """<Project Sdk="Microsoft.NET.Sdk"></Project>""");

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no ASP.NET Core project (Sdk=\"Microsoft.NET.Sdk.Web\")", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("src/Lib/Lib.csproj", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo, "slipway.yml")));
    }

    [Fact]
    public async Task Init_with_several_web_projects_lists_them_and_takes_the_one_named_with_project()
    {
        var repo = _folder.Combine("two");
        Write(repo, "src/Api/Api.csproj", Web);
        Write(repo, "src/Admin/Admin.csproj", Web);

        var ambiguous = await CliRun.RunAsync("init", "--path", repo);
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("2 ASP.NET Core projects", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains("src/Api/Api.csproj", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains("src/Admin/Admin.csproj", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains("--project", ambiguous.Stderr, StringComparison.Ordinal);

        var chosen = await CliRun.RunAsync("init", "--path", repo, "--project", "src/Admin/Admin.csproj");
        Assert.True(chosen.ExitCode == 0, chosen.ToString());
        var config = SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml"))).Config!;
        Assert.Equal("dotnet Admin.dll --urls http://$SLIPWAY_ADDRESS:$PORT", config.Run);

        var unknown = await CliRun.RunAsync("init", "--path", repo, "--project", "src/Nope/Nope.csproj", "--force");
        Assert.Equal(CliApp.UsageError, unknown.ExitCode);
        Assert.Contains("is not a project", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_for_a_service_without_a_health_endpoint_says_how_to_add_one_and_still_writes_a_valid_config()
    {
        var repo = _folder.Combine("bare");
        Write(repo, "src/Bare/Bare.csproj", Web);
        Write(repo, "src/Bare/Program.cs", "var app = WebApplication.Create(args); app.MapGet(\"/\", () => \"hi\"); app.Run();");

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("no production health endpoint", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("app.MapHealthChecks(\"/healthz\")", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("MapSlipwaySelfTest", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("test:      no test project found", run.Stdout, StringComparison.Ordinal);
        var config = SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml"))).Config!;
        Assert.Equal("/healthz", config.SelfTest.Path);
        Assert.Null(config.Test);
    }

    [Fact]
    public async Task A_health_endpoint_mapped_only_in_development_is_named_as_such_and_not_trusted()
    {
        var repo = _folder.Combine("devonly");
        Write(repo, "src/Shop/Shop.csproj", Web);
        Write(repo, "src/Shop/Program.cs", """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            if (app.Environment.IsDevelopment())
            {
                app.MapHealthChecks("/dev-health");
            }
            app.Run();
            """);

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("MapHealthChecks at /dev-health (src/Shop/Program.cs:6) is mapped only inside IsDevelopment()", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("/healthz", SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml"))).Config!.SelfTest.Path);
    }

    [Fact]
    public async Task A_relative_sqlite_path_is_pointed_into_the_data_folder_and_the_slipway_sdk_self_test_is_preferred()
    {
        var repo = _folder.Combine("sqlite");
        Write(repo, "global.json", """{ "test": { "runner": "VSTest" } }""");
        Write(repo, "src/Notes/Notes.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><AssemblyName>Notes.Api</AssemblyName></PropertyGroup></Project>""");
        Write(repo, "src/Notes/appsettings.json", """{ "ConnectionStrings": { "Notes": "Data Source=notes.db", "Reports": "Data Source=db.example.com;Initial Catalog=reports" } }""");
        Write(repo, "src/Notes/Program.cs", "app.MapHealthChecks(\"/health\");\napp.MapSlipwaySelfTest();");
        Write(repo, "test/Notes.Tests/Notes.Tests.csproj", Library(["NUnit", "Microsoft.NET.Test.Sdk"], "..\\..\\src\\Notes\\Notes.csproj"));

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        var config = SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml"))).Config!;
        Assert.Equal("env \"ConnectionStrings__Notes=Data Source=$SLIPWAY_DATA_DIR/notes.db\" dotnet Notes.Api.dll --urls http://$SLIPWAY_ADDRESS:$PORT", config.Run);
        // NUnit: not a test executable the stage can list and shuffle, so a test command (VSTest's form, per global.json).
        Assert.Equal("dotnet test test/Notes.Tests/Notes.Tests.csproj -c Release", config.Test);
        Assert.Empty(config.Tests.Projects);
        Assert.Equal("src/Notes/Notes.csproj", config.Dotnet?.Project);
        Assert.Equal("/selftest", config.SelfTest.Path);
        Assert.Contains("slipway services add notes-api", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_that_yaml_would_misread_are_quoted_and_the_config_names_them_exactly()
    {
        var repo = _folder.Combine("odd");
        Write(repo, "src/My Api, v2/Api.csproj", Web);
        Write(repo, "tests/It's [tests]/Api.Tests.csproj", Library(["xunit.v3.mtp-v2"], "../../src/My Api, v2/Api.csproj"));

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        var parsed = SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml")), SlipwayConfigParser.FileName);
        Assert.True(parsed.Success, parsed.FormatErrors());
        Assert.Equal("src/My Api, v2/Api.csproj", parsed.Config.Dotnet?.Project);
        Assert.Equal(["tests/It's [tests]/Api.Tests.csproj"], parsed.Config.Tests.Projects);
    }

    [Fact]
    public async Task A_library_of_xunit_extensions_is_not_taken_for_a_test_project()
    {
        var repo = _folder.Combine("extensions");
        Write(repo, "src/Api/Api.csproj", Web);
        Write(repo, "src/Api.Testing/Api.Testing.csproj", Library(["xunit.v3.extensibility.core"]));

        var run = await CliRun.RunAsync("init", "--path", repo);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("test:      no test project found", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(SlipwayConfigParser.Parse(File.ReadAllText(Path.Combine(repo, "slipway.yml"))).Config!.Tests.Projects);
    }

    [Fact]
    public async Task A_bad_name_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("init", "--path", _folder.Path, "--name", "Not A Name");

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("is not a service name", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A plain SDK project with these package references and, optionally, a reference to another project.</summary>
    private static string Library(IEnumerable<string> packages, string? projectReference = null) =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>{string.Concat(packages.Select(p => $"<PackageReference Include=\"{p}\" />"))}</ItemGroup>
          {(projectReference is null ? string.Empty : $"<ItemGroup><ProjectReference Include=\"{projectReference}\" /></ItemGroup>")}
        </Project>
        """;

    private static void Write(string root, string path, string text)
    {
        var file = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }
}
