namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// A small, real EF Core project for the tests: src/Todo.Api/Todo.Api.csproj with a DbContext, a design-time factory that
/// picks SQLite or Npgsql from SLIPWAY_MIGRATIONS_DATABASE (which the migrate step sets), hand-written migrations, and
/// a tool manifest with dotnet-ef 10.0.15. No central package management: it is a user's repository, not ours.
/// </summary>
internal static class EfTodoProject
{
    public const string Project = "src/Todo.Api/Todo.Api.csproj";

    public const string CreateTodos = "20261201000001_CreateTodos";

    public const string AddNotes = "20261201000002_AddNotes";

    public const string RenameTitle = "20261201000003_RenameTitle";

    public const string ContractDropLegacy = "20261201000004_ContractDropLegacy";

    public static readonly string[] All = [CreateTodos, AddNotes, RenameTitle, ContractDropLegacy];

    private static readonly Dictionary<string, string> Ups = new(StringComparer.Ordinal)
    {
        [CreateTodos] = """
            migrationBuilder.CreateTable(
                name: "Todos",
                columns: table => new
                {
                    Id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(nullable: false),
                },
                constraints: table => table.PrimaryKey("PK_Todos", x => x.Id));
            migrationBuilder.CreateTable(
                name: "Legacy",
                columns: table => new { Id = table.Column<int>(nullable: false), Note = table.Column<string>(nullable: true) },
                constraints: table => table.PrimaryKey("PK_Legacy", x => x.Id));
            """,
        [AddNotes] = """migrationBuilder.AddColumn<string>(name: "Notes", table: "Todos", nullable: true);""",
        [RenameTitle] = """migrationBuilder.RenameColumn(name: "Title", table: "Todos", newName: "Name");""",
        [ContractDropLegacy] = """migrationBuilder.DropTable(name: "Legacy");""",
    };

    /// <summary>Writes the project with <paramref name="migrations"/> (ids of <see cref="All"/>) under <paramref name="root"/>.</summary>
    public static void Write(string root, IEnumerable<string> migrations, string? brokenCode = null)
    {
        var project = Path.Combine(root, "src", "Todo.Api");
        Directory.CreateDirectory(Path.Combine(project, "Migrations"));
        Directory.CreateDirectory(Path.Combine(root, ".config"));
        File.WriteAllText(Path.Combine(root, ".config", "dotnet-tools.json"), """
            {
              "version": 1,
              "isRoot": true,
              "tools": {
                "dotnet-ef": { "version": "10.0.15", "commands": ["dotnet-ef"], "rollForward": false }
              }
            }
            """);
        File.WriteAllText(Path.Combine(project, "Todo.Api.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
                <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="10.0.3" />
                <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.15" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), brokenCode ?? "System.Console.WriteLine(\"todo\");\n");
        File.WriteAllText(Path.Combine(project, "TodoContext.cs"), """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Design;

            namespace Todo.Api;

            public sealed class TodoContext(DbContextOptions<TodoContext> options) : DbContext(options)
            {
            }

            public sealed class TodoContextFactory : IDesignTimeDbContextFactory<TodoContext>
            {
                public TodoContext CreateDbContext(string[] args)
                {
                    var options = new DbContextOptionsBuilder<TodoContext>();
                    if (Environment.GetEnvironmentVariable("SLIPWAY_MIGRATIONS_DATABASE") == "postgres")
                    {
                        options.UseNpgsql();
                    }
                    else
                    {
                        options.UseSqlite();
                    }

                    return new TodoContext(options.Options);
                }
            }
            """);
        foreach (var id in migrations)
        {
            var name = id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];
            File.WriteAllText(Path.Combine(project, "Migrations", id + ".cs"), $$"""
                using Microsoft.EntityFrameworkCore.Infrastructure;
                using Microsoft.EntityFrameworkCore.Migrations;
                using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

                namespace Todo.Api.Migrations;

                [DbContext(typeof(TodoContext))]
                [Migration("{{id}}")]
                public partial class {{name}} : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        {{Ups[id]}}
                    }
                }
                """);
        }
    }
}
