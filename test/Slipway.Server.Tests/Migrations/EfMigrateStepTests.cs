using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Slipway.Server.Api;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// migrations.ef through the pipeline, for real: a real server, a git repository holding an EF Core project with its
/// tool manifest, dotnet ef in the migrate step, and a real SQLite database named by the service's secret.
/// </summary>
public sealed class EfMigrateStepTests
{
    private const string Yaml = """
        build: "mkdir -p out && echo app > out/app"
        artifact: out
        run: "sleep 600"
        instances: 1
        migrations:
          ef: src/Todo.Api/Todo.Api.csproj
          database: sqlite
          secret: TODO_DB

        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ef_migrations_are_applied_once_by_the_migrate_step_skipping_what_efs_history_ran_and_a_later_rename_is_blocked_at_its_migration()
    {
        await using var bed = await TestBed.CreateAsync("ef-migrate", Ct);
        var folder = bed.Folder.Combine("db");
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "todo.db");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        }

        await MigratedByEfAsync(database);

        var first = await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "nothing yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/TODO_DB", new { value = database }, Ct)).EnsureSuccessStatusCode();

        EfTodoProject.Write(bed.Repository.Path, [EfTodoProject.CreateTodos, EfTodoProject.AddNotes]);
        var v1 = await bed.CommitYamlAsync(Yaml, "v1: todos with EF Core migrations", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", v1, Ct);

        Assert.True(run.Status == "succeeded", run.Message);
        var detail = await bed.Api.Http.GetFromJsonAsync<RunDetail>($"api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        var migrate = Assert.Single(detail!.Steps, s => s.Step == "migrate");
        Assert.Contains($"applied 1 expand migration(s): {EfTodoProject.AddNotes}", migrate.LogTail, StringComparison.Ordinal);
        Assert.Contains("1 migration(s) that EF's __EFMigrationsHistory lists as applied were not run again", migrate.LogTail, StringComparison.Ordinal);
        Assert.Equal([EfTodoProject.CreateTodos, EfTodoProject.AddNotes], await QueryAsync(database, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId"));

        // A rename in place in the next migration: blocked at migrate, at that migration; nothing applied.
        EfTodoProject.Write(bed.Repository.Path, EfTodoProject.All);
        var v2 = await bed.CommitYamlAsync(Yaml, "v2: rename Title in place", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var blocked = await bed.Api.WaitForRunAsync("hello", v2, Ct);

        Assert.Equal("migrate", blocked.FailedStep);
        Assert.Contains($"renaming-column at src/Todo.Api/Todo.Api.csproj migration {EfTodoProject.RenameTitle}:", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(["Id", "Title", "Notes"], await QueryAsync(database, "SELECT name FROM pragma_table_info('Todos') ORDER BY cid"));
        Assert.Equal(2, (await QueryAsync(database, "SELECT MigrationId FROM __EFMigrationsHistory")).Count);
    }

    private const string ContractYaml = """
        build: "mkdir -p out && echo ok > out/selftest"
        artifact: out
        run: "python3 -m http.server $PORT --bind 127.0.0.1"
        instances: 1
        bake: 1s
        judge:
          watch_window: 3s
          max_bake_extension: 1s
          not_enough_data: promote
        migrations:
          ef: src/Todo.Api/Todo.Api.csproj
          database: sqlite
          secret: TODO_DB

        """;

    [Fact]
    public async Task An_ef_migration_named_contract_waits_for_its_release_to_be_promoted_and_watched_and_then_runs_with_its_ef_history_row()
    {
        await using var bed = await TestBed.CreateAsync("ef-contract", Ct);
        var folder = bed.Folder.Combine("db");
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "todo.db");
        await MigratedByEfAsync(database);
        var first = await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "nothing yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/TODO_DB", new { value = database }, Ct)).EnsureSuccessStatusCode();

        EfTodoProject.Write(bed.Repository.Path, [EfTodoProject.CreateTodos, EfTodoProject.AddNotes]);
        var v1 = await bed.CommitYamlAsync(ContractYaml, "v1: notes", Ct);
        await bed.Api.PushAsync("hello", Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v1, Ct)).Outcome);

        EfTodoProject.Write(bed.Repository.Path, [EfTodoProject.CreateTodos, EfTodoProject.AddNotes, EfTodoProject.ContractDropLegacy]);
        var v2 = await bed.CommitYamlAsync(ContractYaml, "v2: stop using Legacy; its contract drops it", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", v2, Ct);
        Assert.True(run.Status == "succeeded", run.Message);

        var waiting = Assert.Single((await bed.Api.StatusAsync("hello", Ct)).Contracts!);
        Assert.Equal((EfTodoProject.ContractDropLegacy, v2), (waiting.File, waiting.Version));
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v2, Ct)).Outcome);
        var applied = await bed.Api.WaitAsync("hello", s => s.Contracts is [{ State: "applied" or "failed" }, ..], "the contract ran", Ct, TimeSpan.FromMinutes(2));

        Assert.True(applied.Contracts![0].State == "applied", applied.Contracts[0].WaitingFor);
        Assert.Empty(await QueryAsync(database, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'Legacy'"));
        Assert.Equal([EfTodoProject.CreateTodos, EfTodoProject.AddNotes, EfTodoProject.ContractDropLegacy], await QueryAsync(database, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId"));
    }

    /// <summary>The app migrated itself once before it used Slipway: EF's history lists its first migration.</summary>
    private static async Task MigratedByEfAsync(string database)
    {
        await using var db = new SqliteConnection($"Data Source={database};Pooling=False");
        await db.OpenAsync(Ct);
        await using var create = db.CreateCommand();
        create.CommandText = $"""
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
            CREATE TABLE "Todos" ("Id" INTEGER NOT NULL CONSTRAINT "PK_Todos" PRIMARY KEY AUTOINCREMENT, "Title" TEXT NOT NULL);
            CREATE TABLE "Legacy" ("Id" INTEGER NOT NULL CONSTRAINT "PK_Legacy" PRIMARY KEY, "Note" TEXT NULL);
            INSERT INTO "__EFMigrationsHistory" VALUES ('{EfTodoProject.CreateTodos}', '10.0.15');
            """;
        await create.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<List<string>> QueryAsync(string database, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={database};Pooling=False;Mode=ReadOnly");
        await db.OpenAsync(Ct);
        await using var read = db.CreateCommand();
        read.CommandText = sql;
        await using var reader = await read.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
