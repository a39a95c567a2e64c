using System.Diagnostics;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Server.Migrations;
using Slipway.Server.Secrets;

namespace Slipway.Bench.Migrations;

/// <summary>
/// Issue 12's gate time with EF Core migrations on a real PostgreSQL (SLIPWAY_TEST_POSTGRES): a real EF Core project
/// with 5 expand migrations is read through the real tooling (dotnet tool restore, build, dotnet ef migrations list and
/// script), cold and then again with the build up to date; then the gate runs on them (scratch from pg_dump of the
/// bench's production schema, 5 migrations statement by statement, drop) --runs times, and they are applied.
///   dotnet run -c Release --project bench/Slipway.Bench -- migrations-ef [--runs N]
/// </summary>
internal static class EfMigrationGateBench
{
    private static readonly (string Id, string Up)[] Migrations =
    [
        ("20261201000001_CreateTodos", """migrationBuilder.CreateTable(name: "EfTodos", columns: table => new { Id = table.Column<int>(nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn), Title = table.Column<string>(nullable: false) }, constraints: table => table.PrimaryKey("PK_EfTodos", x => x.Id));"""),
        ("20261201000002_AddNotes", """migrationBuilder.AddColumn<string>(name: "Notes", table: "EfTodos", nullable: true);"""),
        ("20261201000003_AddDone", """migrationBuilder.AddColumn<bool>(name: "Done", table: "EfTodos", nullable: false, defaultValue: false);"""),
        ("20261201000004_CreateTags", """migrationBuilder.CreateTable(name: "EfTags", columns: table => new { Id = table.Column<int>(nullable: false), Name = table.Column<string>(nullable: true) }, constraints: table => table.PrimaryKey("PK_EfTags", x => x.Id));"""),
        ("20261201000005_AddPriority", """migrationBuilder.AddColumn<int>(name: "Priority", table: "EfTodos", nullable: true);"""),
    ];

    public static async Task<int> RunAsync(string root, BenchArguments arguments, CancellationToken cancellationToken)
    {
        var admin = Environment.GetEnvironmentVariable("SLIPWAY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.Error.WriteLine("set SLIPWAY_TEST_POSTGRES to a PostgreSQL connection string (.ci/run sets one up)");
            return 2;
        }

        var production = await File.ReadAllTextAsync(Path.Combine(root, "bench", "migrations-corpus", "production.sql"), cancellationToken);
        var runs = int.Parse(arguments.Get("--runs") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "slipway-bench-ef-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            WriteProject(folder);
            var tooling = new EfMigrations.Tooling(new Dictionary<string, string>(), Path.Combine(folder, "ef.log"), TimeSpan.FromMinutes(10), SecretMasker.None, null);
            var watch = Stopwatch.StartNew();
            var (files, error) = await EfMigrations.ReadAsync(folder, "src/Todo.Api/Todo.Api.csproj", MigrationDatabase.Postgres, tooling, TimeProvider.System, cancellationToken);
            var cold = watch.Elapsed.TotalSeconds;
            if (error is not null)
            {
                Console.Error.WriteLine(error);
                return 1;
            }

            watch.Restart();
            (files, error) = await EfMigrations.ReadAsync(folder, "src/Todo.Api/Todo.Api.csproj", MigrationDatabase.Postgres, tooling, TimeProvider.System, cancellationToken);
            var warm = watch.Elapsed.TotalSeconds;
            if (error is not null || files.Count != Migrations.Length)
            {
                Console.Error.WriteLine(error ?? $"expected {Migrations.Length} migrations, got {files.Count}");
                return 1;
            }

            var gateSeconds = new List<double>();
            var applySeconds = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                await using var db = await MigrationGateBench.ProductionDatabase.CreateAsync(admin, production, cancellationToken);
                var database = MigrationDatabases.Open(MigrationDatabase.Postgres, db.ConnectionString, TimeProvider.System);
                watch.Restart();
                await using (var scratch = await database.CreateScratchAsync(cancellationToken))
                {
                    var findings = await MigrationGate.CheckAsync(scratch, files, [], MigrationDatabase.Postgres, cancellationToken);
                    if (findings.Count > 0)
                    {
                        throw new InvalidOperationException("the 5 EF expand migrations had findings: " + string.Join("; ", findings));
                    }
                }

                gateSeconds.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                await using (var held = await database.LockAsync(cancellationToken))
                {
                    foreach (var file in files)
                    {
                        await held.ApplyAsync(file, "bench", cancellationToken);
                    }
                }

                applySeconds.Add(watch.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"EF Core: reading 5 migrations through dotnet tool restore, build, migrations list and script: {cold:0.0} s cold (first build), {warm:0.0} s with the build up to date");
            Console.WriteLine($"Gate with 5 pending EF migrations on PostgreSQL ({runs} runs): median {Median(gateSeconds):0.00} s, max {gateSeconds.Max():0.00} s (target < 5 s); applying them: median {Median(applySeconds):0.00} s");
            Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            if (!arguments.Has("--keep"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>A user's EF Core project: no central package management, dotnet-ef in its tool manifest.</summary>
    private static void WriteProject(string root)
    {
        var project = Path.Combine(root, "src", "Todo.Api");
        Directory.CreateDirectory(Path.Combine(project, "Migrations"));
        Directory.CreateDirectory(Path.Combine(root, ".config"));
        File.WriteAllText(Path.Combine(root, ".config", "dotnet-tools.json"), """
            { "version": 1, "isRoot": true, "tools": { "dotnet-ef": { "version": "10.0.15", "commands": ["dotnet-ef"], "rollForward": false } } }
            """);
        File.WriteAllText(Path.Combine(project, "Todo.Api.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="10.0.3" />
                <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.15" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "System.Console.WriteLine(\"todo\");\n");
        File.WriteAllText(Path.Combine(project, "TodoContext.cs"), """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Design;

            namespace Todo.Api;

            public sealed class TodoContext(DbContextOptions<TodoContext> options) : DbContext(options);

            public sealed class TodoContextFactory : IDesignTimeDbContextFactory<TodoContext>
            {
                public TodoContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<TodoContext>().UseNpgsql().Options);
            }
            """);
        foreach (var (id, up) in Migrations)
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
                    protected override void Up(MigrationBuilder migrationBuilder) => {{up}}
                }
                """);
        }
    }
}
