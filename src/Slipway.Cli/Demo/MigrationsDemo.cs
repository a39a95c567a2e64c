using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Slipway.Core.Journal;
using Slipway.Core.Services;
using Slipway.Server.Hosting;
using Slipway.Server.Secrets;

namespace Slipway.Cli.Demo;

/// <summary>
/// The demo's database: the sample's guests table in a SQLite file (the service secret DATABASE_URL), created by the
/// first commit's expand migration. Later commits rename a column in place (blocked at migrate: the rule, and the
/// version in production failing its self-test on the new schema), then do it as expand (add, write both, backfill:
/// promoted with old and new instances on one database), then drop the old column as a contract that waits for the
/// release's watch window and only then runs.
/// </summary>
internal sealed class MigrationsDemo
{
    public const string ColumnsFile = "src/Hello/GuestColumns.cs";
    public const string Secret = "DATABASE_URL";
    public const string ContractFile = "contract/003_drop_name.sql";

    /// <summary>The contract release's watch window: long enough to see the contract wait, short enough for the demo.</summary>
    public const int ContractWatchSeconds = 20;

    private static readonly TimeSpan ContractTimeout = TimeSpan.FromMinutes(4);

    private readonly ConcurrentQueue<SlipwayEvent> _events = new();

    public MigrationsDemo(SlipwayServer server)
    {
        Server = server;
        server.Journal.Appended += (e, _) =>
        {
            if (e is MigrationGateChecked or MigrationApplied or ContractMigrationsWaiting or ContractMigrationFailed or ContractMigrationAcknowledged)
            {
                _events.Enqueue(e);
            }
        };
    }

    public SlipwayServer Server { get; }

    /// <summary>
    /// The database file, made before the service runs: empty (SQLite fills an empty file), writable by the user the
    /// instances run as, in a folder where SQLite can make its journal files.
    /// </summary>
    public static string PrepareDatabase(string data)
    {
        var folder = Path.Combine(data, "database");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "hello.db");
        File.WriteAllBytes(path, []);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x3FF | UnixFileMode.StickyBit);
            File.SetUnixFileMode(path, (UnixFileMode)0x1B6);
        }

        return path;
    }

    /// <summary>The first commit's files: the migrations section in slipway.yml and the expand that creates the guests table.</summary>
    public static void PrepareRepository(string repository)
    {
        File.AppendAllText(Path.Combine(repository, "slipway.yml"),
            $"# Added by the demo: the guests table, its migrations, and the secret with the SQLite file.\nmigrations:\n  path: migrations\n  database: sqlite\n  secret: {Secret}\n");
        Write(repository, "migrations/001_create_guests.sql", """
            -- expand: the guests that every greeting reads
            CREATE TABLE guests (id INTEGER PRIMARY KEY, name TEXT);
            INSERT INTO guests (id, name) VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger'), (4, 'Barbara'), (5, 'Ken');

            """);
    }

    public Task SetSecretAsync(string path, CancellationToken ct) =>
        Server.Services.GetRequiredService<SecretVault>().SetAsync("hello", Secret, path, "demo", ct);

    /// <summary>The rename in place: the migration, and the code that reads and writes the new name only.</summary>
    public static void RenameInPlace(SampleRepository repo)
    {
        Write(repo.Path, "migrations/002_rename_name.sql", """
            -- people prefer display names
            ALTER TABLE guests RENAME COLUMN name TO display_name;

            """);
        Columns(repo, read: "display_name", write: ["display_name"]);
    }

    /// <summary>The rename as expand: the new column beside the old one, written both, backfilled; the code reads the new one.</summary>
    public static void Expand(SampleRepository repo)
    {
        File.Delete(Path.Combine(repo.Path, "migrations", "002_rename_name.sql"));
        Write(repo.Path, "migrations/002_add_display_name.sql", """
            -- expand: the new column beside the old one; this release writes both and reads display_name
            ALTER TABLE guests ADD COLUMN display_name TEXT;
            UPDATE guests SET display_name = name WHERE display_name IS NULL;

            """);
        Columns(repo, read: "display_name", write: ["name", "display_name"]);
    }

    /// <summary>The contract: this release stops writing the old column, and its contract drops it after the watch window.</summary>
    public static void Contract(SampleRepository repo)
    {
        Write(repo.Path, "migrations/" + ContractFile, """
            -- contract: nothing reads or writes guests.name since the release before this one
            ALTER TABLE guests DROP COLUMN name;

            """);
        Columns(repo, read: "display_name", write: ["display_name"]);
        var yaml = Path.Combine(repo.Path, "slipway.yml");
        if (!File.ReadAllText(yaml).Contains("\njudge:", StringComparison.Ordinal))
        {
            File.AppendAllText(yaml, $"# Added by the demo: a short watch window, so that the contract's wait is seen.\njudge:\n  watch_window: {ContractWatchSeconds}s\n");
        }
    }

    /// <summary>Waits until the contract of <paramref name="version"/> ran (or failed, or was dropped), saying what it waits for.</summary>
    public async Task<ContractMigration?> WaitForContractAsync(string version, DemoOutput output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string? said = null;
        while (clock.Elapsed < ContractTimeout)
        {
            var contract = Server.Journal.Read(s => s.Services["hello"].Lifecycle.Contracts.LastOrDefault(c => c.Version == version && c.File == ContractFile));
            if (contract is null)
            {
                return null;
            }

            if (contract.State != ContractState.Waiting)
            {
                return contract;
            }

            var line = $"  contract {contract.File}: {contract.WaitingFor("hello")} ({clock.Elapsed.TotalSeconds:0} s since the release was promoted)";
            if (said is null || clock.Elapsed.TotalSeconds % 10 < 0.25)
            {
                output.Line(line);
            }

            said = line;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        return null;
    }

    /// <summary>For --json: each migration of a release's run, with its phase, outcome and the gate's rule when it was blocked.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Of(string commit)
    {
        var runId = Server.Journal.Read(s => s.Runs.Values.Where(r => r.Commit == commit).OrderBy(r => r.QueuedAt).LastOrDefault()?.RunId);
        var contracts = Server.Journal.Read(s => s.Services["hello"].Lifecycle.Contracts.Where(c => c.RunId == runId).ToList());
        var list = new List<Dictionary<string, object?>>();
        foreach (var e in _events)
        {
            switch (e)
            {
                case MigrationGateChecked g when g.RunId == runId && g.Blocked:
                    foreach (var f in g.Findings.Where(f => f.AcknowledgedReason is null))
                    {
                        list.Add(new() { ["file"] = f.File, ["phase"] = Phase(f.File), ["outcome"] = "blocked", ["rule"] = f.Rule, ["line"] = f.Line, ["check"] = f.Check, ["breaks"] = f.Breaks });
                    }

                    break;
                case MigrationApplied a when a.RunId == runId && a.Phase == "expand":
                    list.Add(new() { ["file"] = a.File, ["phase"] = a.Phase, ["outcome"] = "applied" });
                    break;
                case ContractMigrationsWaiting w when w.RunId == runId:
                    foreach (var c in w.Contracts)
                    {
                        var state = contracts.LastOrDefault(x => x.File == c.File);
                        list.Add(new()
                        {
                            ["file"] = c.File,
                            ["phase"] = "contract",
                            ["outcome"] = state?.State == ContractState.Applied ? "applied_after_watch_window" : state?.State.ToString().ToLowerInvariant() ?? "waiting",
                            ["waited_for"] = "promotion and the watch window",
                        });
                    }

                    break;
            }
        }

        return list;
    }

    private static string Phase(string file) => file.StartsWith("contract/", StringComparison.Ordinal) ? "contract" : "expand";

    private static void Columns(SampleRepository repo, string read, string[] write)
    {
        var path = Path.Combine(repo.Path, ColumnsFile);
        var text = File.ReadAllText(path);
        var start = text.IndexOf("    public const string Read", StringComparison.Ordinal);
        var end = text.IndexOf("];", start, StringComparison.Ordinal) + 2;
        var columns = $"    public const string Read = \"{read}\";\n\n    public static readonly string[] Write = [{string.Join(", ", write.Select(w => $"\"{w}\""))}];";
        File.WriteAllText(path, text[..start] + columns + text[end..]);
    }

    private static void Write(string repository, string relative, string text)
    {
        var path = Path.Combine(repository, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
