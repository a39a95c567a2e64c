using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// A contract migration with a real server, a real git repository and a real SQLite database: it waits while its release
/// rolls out and is promoted, runs only after that release's watch window passed, and is visible on the way in the API
/// (status and the contracts list); acknowledging needs a reason and a contract that waits.
/// </summary>
public sealed class ContractAfterWatchTests
{
    private const string Yaml = """
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
          path: db
          database: sqlite
          secret: TODO_DB

        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_contract_waits_for_its_release_to_be_promoted_and_watched_and_then_drops_the_column()
    {
        await using var bed = await TestBed.CreateAsync("contract-after-watch", Ct);
        var database = Path.Combine(bed.Folder.Combine("db"), "todo.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using (var db = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await db.OpenAsync(Ct);
            await using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE todos (id INTEGER PRIMARY KEY, name TEXT, title TEXT);";
            await create.ExecuteNonQueryAsync(Ct);
        }

        var first = await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "nothing yet", Ct);
        var server = await bed.StartServerAsync(Ct);
        var events = new List<(string Type, string? File)>();
        server.Journal.Appended += (e, _) =>
        {
            lock (events)
            {
                events.Add((e.GetType().Name, e is MigrationApplied a ? a.File : null));
            }
        };
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/TODO_DB", new { value = database }, Ct)).EnsureSuccessStatusCode();

        bed.Repository.WriteFile("db/001_title.sql", "UPDATE todos SET title = name WHERE title IS NULL;\n");
        var v1 = await bed.CommitYamlAsync(Yaml, "v1: backfill title", Ct);
        await bed.Api.PushAsync("hello", Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v1, Ct)).Outcome);

        bed.Repository.WriteFile("db/contract/002_drop_name.sql", "ALTER TABLE todos DROP COLUMN name;\n");
        var v2 = await bed.CommitYamlAsync(Yaml, "v2: stop using name; contract drops it", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", v2, Ct);
        Assert.True(run.Status == "succeeded", run.Message);

        // The release exists and the contract waits for it; the column is still there.
        var waiting = Assert.Single((await bed.Api.StatusAsync("hello", Ct)).Contracts!);
        Assert.Equal(("contract/002_drop_name.sql", v2, "waiting"), (waiting.File, waiting.Version, waiting.State));
        Assert.Contains("name", await ColumnsAsync(database));

        // Acknowledging needs a reason, and a contract that waits.
        var noReason = await bed.Api.Http.PostAsJsonAsync("api/services/hello/contracts/acknowledge", new { file = waiting.File }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var unknown = await bed.Api.Http.PostAsJsonAsync("api/services/hello/contracts/acknowledge", new { file = "contract/999.sql", reason = "r" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v2, Ct)).Outcome);
        var applied = await bed.Api.WaitAsync("hello", s => s.Contracts is [{ State: "applied" }, ..], "the contract applied", Ct, TimeSpan.FromMinutes(2));

        Assert.Equal("applied by hello-3", applied.Contracts![0].WaitingFor);
        Assert.Equal(["id", "title"], await ColumnsAsync(database));
        List<(string Type, string? File)> order;
        lock (events)
        {
            order = events.Where(e => e.Type is "RolloutPromoted" or "WatchPassed" || e.File == "contract/002_drop_name.sql").ToList();
        }

        // v1's promotion, then v2's promotion, its watch, and only then the contract.
        Assert.Equal(["RolloutPromoted", "RolloutPromoted", "WatchPassed", "MigrationApplied"], order.Select(e => e.Type).TakeLast(4));
        var contracts = await bed.Api.Http.GetFromJsonAsync<List<ContractView>>("api/services/hello/contracts", SlipwayApi.Json, Ct);
        Assert.Equal("applied", Assert.Single(contracts!).State);
    }

    private static async Task<List<string>> ColumnsAsync(string database)
    {
        await using var db = new SqliteConnection($"Data Source={database};Pooling=False;Mode=ReadOnly");
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
