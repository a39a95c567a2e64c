using Slipway.Core.Config;
using Slipway.Server.Migrations;
using Slipway.Server.Secrets;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Migrations;

/// <summary>What stops migrations.ef before any migration runs, each with a message that says what to do.</summary>
public sealed class EfMigrationsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_project_and_a_repository_without_dotnet_ef_in_its_tool_manifest_are_clear_errors()
    {
        using var folder = TempFolder.Create("ef-errors");
        EfTodoProject.Write(folder.Path, [EfTodoProject.CreateTodos]);

        var (_, missing) = await ReadAsync(folder, "src/Other/Other.csproj");
        File.Delete(folder.Combine(".config", "dotnet-tools.json"));
        var (_, noTool) = await ReadAsync(folder, EfTodoProject.Project);

        Assert.Equal("migrations.ef src/Other/Other.csproj does not exist in the commit (slipway.yml names it): name the .csproj of the project with the DbContext and its Migrations", missing);
        Assert.StartsWith("dotnet-ef is missing: the repository has no tool manifest (.config/dotnet-tools.json) that lists dotnet-ef", noTool, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install dotnet-ef --version 10.0.15", noTool, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_does_not_build_stops_with_the_compiler_error()
    {
        using var folder = TempFolder.Create("ef-broken");
        EfTodoProject.Write(folder.Path, [EfTodoProject.CreateTodos], brokenCode: "this is not C#\n");

        var (files, error) = await ReadAsync(folder, EfTodoProject.Project);

        Assert.Empty(files);
        Assert.StartsWith("the EF Core project src/Todo.Api/Todo.Api.csproj does not build (exit 1), so its migrations cannot be scripted; nothing was migrated:", error, StringComparison.Ordinal);
        Assert.Contains("Program.cs(1,", error, StringComparison.Ordinal);
        Assert.Contains("error CS", error, StringComparison.Ordinal);
    }

    private static Task<(IReadOnlyList<Core.Migrations.MigrationFile> Files, string? Error)> ReadAsync(TempFolder folder, string project) =>
        EfMigrations.ReadAsync(folder.Path, project, MigrationDatabase.Sqlite,
            new EfMigrations.Tooling(new Dictionary<string, string>(), folder.Combine("ef.log"), TimeSpan.FromMinutes(5), SecretMasker.None, null),
            TimeProvider.System, Ct);
}
