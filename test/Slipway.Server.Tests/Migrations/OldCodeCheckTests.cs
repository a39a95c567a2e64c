using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// The gate's third check, for real: the release in production (a small Python service reading a real SQLite file named
/// by its secret) is started from its artifact on the migrated scratch database, and its self-test and its database tests
/// (migrations.tests of its own slipway.yml) decide. The real database is never touched.
/// </summary>
public sealed class OldCodeCheckTests
{
    /// <summary>Reads todos.name in its self-test, as the version in production does.</summary>
    private const string App = """
        import http.server, os, sqlite3
        DB = os.environ["TODO_DB"]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/selftest":
                    try:
                        db = sqlite3.connect(DB)
                        db.execute("SELECT id, name FROM todos LIMIT 1").fetchall()
                        db.close()
                        self.answer(200, "selftest: todos.name readable")
                    except Exception as e:
                        print("selftest failed: " + str(e), flush=True)
                        self.answer(503, "selftest: " + str(e))
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

    /// <summary>The database test of the version in production: it inserts, as its code does.</summary>
    private const string DatabaseTest = """
        import os, sqlite3, sys, urllib.request
        assert urllib.request.urlopen(os.environ["SLIPWAY_OLD_URL"]).read() == b"hello"
        db = sqlite3.connect(os.environ["TODO_DB"])
        try:
            db.execute("INSERT INTO todos (name) VALUES ('from the database test')")
            db.commit()
        except Exception as e:
            print("test_insert_todo FAILED: " + str(e))
            sys.exit(1)
        print("test_insert_todo passed")

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
          database: sqlite
          secret: TODO_DB
          tests: "python3 dbtest.py"

        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rename_in_place_is_blocked_with_the_rule_and_the_production_version_failing_its_self_test_on_the_new_schema()
    {
        await using var bed = await TestBed.CreateAsync("old-code-rename", Ct);
        var database = await ProductionAsync(bed);

        bed.Repository.WriteFile("db/001_rename.sql", "-- rename in place\nALTER TABLE todos RENAME COLUMN name TO title;\n");
        var rename = await bed.CommitYamlAsync(Yaml, "rename in place", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var blocked = await bed.Api.WaitForRunAsync("hello", rename, Ct);

        Assert.Equal("migrate", blocked.FailedStep);
        Assert.Contains("renaming-column at db/001_rename.sql:2", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("old-code-fails at db/001_rename.sql:1 (old-code)", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("failed its self-test: /selftest answered 503", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("no such column: name", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("its output ends: todo app listening", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(["id", "name"], await ColumnsAsync(database));
    }

    [Fact]
    public async Task A_change_the_self_test_misses_is_caught_by_the_production_versions_database_tests_and_a_safe_expand_passes_both()
    {
        await using var bed = await TestBed.CreateAsync("old-code-tests", Ct);
        var database = await ProductionAsync(bed);

        // The catalog diff sees no column or type change, the self-test only reads: only the old code's own insert fails.
        bed.Repository.WriteFile("db/001_closed.sql", "CREATE TRIGGER todos_closed BEFORE INSERT ON todos BEGIN SELECT RAISE(ABORT, 'todos are closed'); END;\n");
        var closed = await bed.CommitYamlAsync(Yaml, "close the todo list", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var blocked = await bed.Api.WaitForRunAsync("hello", closed, Ct);

        Assert.Equal("migrate", blocked.FailedStep);
        Assert.Contains("old-code-fails at db/001_closed.sql:1 (old-code)", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("failed its database tests (migrations.tests: python3 dbtest.py)", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("test_insert_todo FAILED: todos are closed", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("renaming", blocked.Message, StringComparison.Ordinal);

        // An expand: the old code answers its self-test and passes its database tests on it; then it is applied.
        File.Delete(Path.Combine(bed.Repository.Path, "db", "001_closed.sql"));
        bed.Repository.WriteFile("db/001_add_title.sql", "ALTER TABLE todos ADD COLUMN title TEXT;\n");
        var expand = await bed.CommitYamlAsync(Yaml, "expand: add title", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var run = await bed.Api.WaitForRunAsync("hello", expand, Ct);

        Assert.True(run.Status == "succeeded", run.Message);
        var detail = await bed.Api.Http.GetFromJsonAsync<Slipway.Server.Api.RunDetail>($"api/runs/{run.RunId}", SlipwayApi.Json, Ct);
        var migrate = Assert.Single(detail!.Steps, s => s.Step == "migrate");
        Assert.Contains("old code passed: hello@", migrate.LogTail, StringComparison.Ordinal);
        Assert.Contains("answered its self-test /selftest on the migrated schema and passed its database tests", migrate.LogTail, StringComparison.Ordinal);
        Assert.Equal(["id", "name", "title"], await ColumnsAsync(database));
        Assert.Equal(0, await CountAsync(database, "SELECT count(*) FROM todos WHERE name = 'from the database test'"));
    }

    /// <summary>Opens the flag stream with its SDK key at start, as the SDK does, and says what the server answered.</summary>
    private const string FlagApp = """
        import http.client, os, urllib.parse
        url = urllib.parse.urlparse(os.environ["FLAGS_URL"])
        key = os.environ.get("SLIPWAY_SDK_KEY", "")
        print("sdk key: " + (key or "(none)"), flush=True)
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            conn.request("GET", "/api/flags/v1/stream?service=hello&environment=production", headers={"Authorization": "Bearer " + key})
            print("flag stream answered " + str(conn.getresponse().status), flush=True)
            conn.close()
        except Exception as e:
            print("flag stream failed: " + str(e), flush=True)

        """;

    [Fact]
    public async Task The_production_version_gets_its_flag_sdk_key_on_the_scratch_database_so_its_flag_stream_is_accepted_and_the_key_is_masked_in_the_evidence()
    {
        await using var bed = await TestBed.CreateAsync("old-code-sdk-key", Ct);
        string FlagYaml() => Yaml.Replace("instances: 1\n", $"instances: 1\nenv:\n  FLAGS_URL: \"{bed.Api.Http.BaseAddress}\"\n", StringComparison.Ordinal);
        await ProductionAsync(bed, FlagApp + App, FlagYaml);

        bed.Repository.WriteFile("db/001_rename.sql", "-- rename in place\nALTER TABLE todos RENAME COLUMN name TO title;\n");
        var rename = await bed.CommitYamlAsync(FlagYaml(), "rename in place", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var blocked = await bed.Api.WaitForRunAsync("hello", rename, Ct);

        Assert.Equal("migrate", blocked.FailedStep);
        Assert.Contains("failed its self-test: /selftest answered 503", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("flag stream answered 200", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("sdk key: ***", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Server!.Tokens.InstanceSdkKey("hello"), blocked.Message, StringComparison.Ordinal);
    }

    /// <summary>A real production: the database with todos(id, name), and the Python service promoted on it.</summary>
    private static async Task<string> ProductionAsync(TestBed bed, string app = App, Func<string>? yaml = null)
    {
        var folder = bed.Folder.Combine("db");
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "todo.db");
        await using (var db = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await db.OpenAsync(Ct);
            await using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE todos (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO todos (name) VALUES ('milk');";
            await create.ExecuteNonQueryAsync(Ct);
        }

        // Readable by the user instances run as; only scratch copies are written in these tests.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1ED);
            File.SetUnixFileMode(database, (UnixFileMode)0x1A4);
        }

        var first = await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "nothing yet", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRunAsync("hello", first, Ct);
        (await bed.Api.Http.PutAsJsonAsync("api/services/hello/secrets/TODO_DB", new { value = database }, Ct)).EnsureSuccessStatusCode();

        bed.Repository.WriteFile("app.py", app);
        bed.Repository.WriteFile("dbtest.py", DatabaseTest);
        bed.Repository.WriteFile("db/000_readme.sql", "-- the todos table exists already\nSELECT 1;\n");
        var v1 = await bed.CommitYamlAsync(yaml?.Invoke() ?? Yaml, "v1: the todo app", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var rollout = await bed.Api.WaitForRolloutAsync("hello", v1, Ct);
        Assert.True(rollout.Outcome == "promoted", $"v1 was not promoted: {rollout.Outcome}");
        return database;
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={database};Pooling=False;Mode=ReadOnly");
        await db.OpenAsync(Ct);
        await using var read = db.CreateCommand();
        read.CommandText = sql;
        return (long)(await read.ExecuteScalarAsync(Ct))!;
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
