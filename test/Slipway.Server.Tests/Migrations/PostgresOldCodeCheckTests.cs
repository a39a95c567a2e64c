using System.Net.Http.Json;
using Npgsql;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// The gate's third check end to end on a real PostgreSQL server (SLIPWAY_TEST_POSTGRES; .ci/run sets it up): the release
/// in production is a small Python service that reads its table through psql, the real PostgreSQL client, with the
/// Npgsql connection string of its secret. It is started on the migrated scratch database (a pg_dump copy); a rename in
/// place makes its self-test fail there, an expand does not. Skipped where no server is configured.
/// </summary>
public sealed class PostgresOldCodeCheckTests : IAsyncLifetime
{
    /// <summary>Reads todos.name in its self-test, as the version in production does; the secret is an Npgsql connection string.</summary>
    private const string App = """
        import http.server, os, subprocess
        KEYS = {"host": "host", "port": "port", "database": "dbname", "username": "user", "password": "password"}
        def conninfo():
            parts = [p.split("=", 1) for p in os.environ["TODO_DB"].split(";") if "=" in p]
            return " ".join(KEYS[k.strip().lower()] + "='" + v + "'" for k, v in parts if k.strip().lower() in KEYS)
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/selftest":
                    run = subprocess.run(["psql", conninfo(), "-v", "ON_ERROR_STOP=1", "-Atc", "SELECT id, name FROM todos LIMIT 1"], capture_output=True, text=True)
                    if run.returncode == 0:
                        self.answer(200, "selftest: todos.name readable")
                    else:
                        print("selftest failed: " + run.stderr.strip(), flush=True)
                        self.answer(503, "selftest: " + run.stderr.strip())
                else:
                    self.answer(200, "hello")
            def answer(self, code, body):
                data = body.encode()
                self.send_response(code)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def log_message(self, *args):
                pass
        print("todo app listening", flush=True)
        http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()

        """;

    private const string Yaml = """
        build: "mkdir -p out && cp app.py out/"
        artifact: out
        run: "python3 app.py"
        instances: 1
        bake: 1s
        selftest:
          timeout: 15s
        migrations:
          path: db
          database: postgres
          secret: TODO_DB

        """;

    private ScratchPostgres? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task On_postgres_a_rename_in_place_fails_the_production_versions_self_test_on_the_scratch_copy_and_an_expand_passes_it()
    {
        var connection = await CreateDatabaseAsync();
        await using var bed = await TestBed.CreateAsync("old-code-postgres", Ct);
        var first = await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "nothing yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/TODO_DB", new { value = connection }, Ct)).EnsureSuccessStatusCode();

        bed.Repository.WriteFile("app.py", App);
        bed.Repository.WriteFile("db/000_readme.sql", "-- the todos table exists already\nSELECT 1;\n");
        var v1 = await bed.CommitYamlAsync(Yaml, "v1: the todo app on PostgreSQL", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);
        Assert.True(rollout.Outcome == "promoted", $"v1 was not promoted: {rollout.Outcome}");

        // A rename in place: the old version, started on the migrated scratch database, cannot read todos.name.
        bed.Repository.WriteFile("db/001_rename.sql", "-- rename in place\nALTER TABLE todos RENAME COLUMN name TO title;\n");
        var rename = await bed.CommitYamlAsync(Yaml, "rename in place", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var blocked = await bed.Api.WaitForRunAsync("hello", rename, Ct);

        Assert.Equal("migrate", blocked.FailedStep);
        Assert.Contains("renaming-column at db/001_rename.sql:2", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("old-code-fails at db/001_rename.sql:1 (old-code)", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("failed its self-test: /selftest answered 503", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("column \"name\" does not exist", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=postgres", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(["id", "name"], await ColumnsAsync(connection));

        // The expand instead: the old version answers its self-test on it; then it is applied to the real database.
        File.Delete(Path.Combine(bed.Repository.Path, "db", "001_rename.sql"));
        bed.Repository.WriteFile("db/001_add_title.sql", "ALTER TABLE todos ADD COLUMN title text;\n");
        var expand = await bed.CommitYamlAsync(Yaml, "expand: add title", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", expand, Ct);

        Assert.True(run.Status == "succeeded", run.Message);
        var detail = await bed.Api.Http.GetFromJsonAsync<Slipway.Server.Api.RunDetail>($"api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        var migrate = Assert.Single(detail!.Steps, s => s.Step == "migrate");
        Assert.Contains("old code passed: hello@", migrate.LogTail, StringComparison.Ordinal);
        Assert.Contains("answered its self-test /selftest on the migrated schema", migrate.LogTail, StringComparison.Ordinal);
        Assert.Equal(["id", "name", "title"], await ColumnsAsync(connection));
    }

    private async Task<string> CreateDatabaseAsync()
    {
        _database = await ScratchPostgres.CreateAsync("slipway_oldcode_", Ct);
        var connection = _database.ConnectionString;
        await using var production = new NpgsqlConnection(connection);
        await production.OpenAsync(Ct);
        await using var table = new NpgsqlCommand("CREATE TABLE todos (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO todos (name) VALUES ('milk');", production);
        await table.ExecuteNonQueryAsync(Ct);
        return connection;
    }

    private static async Task<List<string>> ColumnsAsync(string connection) =>
        [.. await ScratchPostgres.QueryAsync(connection, "SELECT column_name FROM information_schema.columns WHERE table_name = 'todos' ORDER BY ordinal_position", Ct)];

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
