using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Slipway.Server.Api;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// The pipeline's migrate step with a real server, a real git repository and a real SQLite database whose path is the
/// service's secret: a blocked rename fails the run at migrate and deploys nothing; an expand is applied once.
/// </summary>
public sealed class MigrateStepTests
{
    private const string Yaml = """
        build: "mkdir -p out && echo app > out/app"
        artifact: out
        run: "sleep 600"
        instances: 1
        migrations:
          path: db
          database: sqlite
          secret: TODO_DB

        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_secret_stops_the_run_at_migrate_naming_the_command_that_sets_it()
    {
        await using var bed = await TestBed.CreateAsync("migrate-no-secret", Ct);
        bed.Repository.WriteFile("db/001_expand.sql", "ALTER TABLE todos ADD COLUMN done INTEGER;\n");
        var commit = await bed.CommitYamlAsync(Yaml, "migrations without a secret", Ct);
        await bed.StartServerAsync(Ct);

        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var run = await bed.Api.WaitForRunAsync("hello", commit, Ct);

        Assert.Equal("migrate", run.FailedStep);
        Assert.Contains("slipway secrets set hello TODO_DB", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rename_is_blocked_at_migrate_with_rule_file_and_line_and_an_expand_is_applied_once()
    {
        await using var bed = await TestBed.CreateAsync("migrate-gate", Ct);
        var database = Path.Combine(bed.Folder.Combine("db"), "todo.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using (var db = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await db.OpenAsync(Ct);
            await using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE todos (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO todos (name) VALUES ('milk');";
            await create.ExecuteNonQueryAsync(Ct);
        }

        var first = await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "nothing yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/TODO_DB", new { value = database }, Ct)).EnsureSuccessStatusCode();

        // A rename in place: blocked at migrate, nothing applied, nothing deployed.
        bed.Repository.WriteFile("db/001_rename.sql", "-- rename in place\nALTER TABLE todos RENAME COLUMN name TO title;\n");
        var rename = await bed.CommitYamlAsync(Yaml, "rename in place", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var blocked = await bed.Api.WaitForRunAsync("hello", rename, Ct);

        Assert.Equal("migrate", blocked.FailedStep);
        Assert.Contains("renaming-column at db/001_rename.sql:2", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("add the new column, write both, backfill", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(["id", "name"], await ColumnsAsync(database));
        var status = await bed.Api.StatusAsync("hello", Ct);
        Assert.Empty(status.Rollouts);

        // The expand instead: applied once, recorded with its checksum; the run succeeds.
        File.Delete(Path.Combine(bed.Repository.Path, "db", "001_rename.sql"));
        bed.Repository.WriteFile("db/001_add_title.sql", "ALTER TABLE todos ADD COLUMN title TEXT;\nUPDATE todos SET title = name;\n");
        var expand = await bed.CommitYamlAsync(Yaml, "expand: add title, write both", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", expand, Ct);

        Assert.True(run.Status == "succeeded", run.Message);
        var detail = await bed.Api.Http.GetFromJsonAsync<RunDetail>($"api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        var migrate = Assert.Single(detail!.Steps, s => s.Step == "migrate");
        Assert.Contains("applied 1 expand migration(s): 001_add_title.sql", migrate.LogTail, StringComparison.Ordinal);
        Assert.Equal(["id", "name", "title"], await ColumnsAsync(database));
        Assert.DoesNotContain(database, migrate.LogTail, StringComparison.Ordinal);
    }

    private static async Task<List<string>> ColumnsAsync(string database)
    {
        await using var db = new SqliteConnection($"Data Source={database};Pooling=False");
        await db.OpenAsync(Ct);
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT name FROM pragma_table_info('todos') ORDER BY cid";
        await using var reader = await read.ExecuteReaderAsync(Ct);
        var names = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
