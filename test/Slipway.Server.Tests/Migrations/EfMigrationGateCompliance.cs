using Microsoft.Extensions.Time.Testing;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Server.Migrations;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// EF Core migrations through the real tooling (dotnet tool restore, build, dotnet ef migrations list and script) and
/// then through the same gate and apply path as SQL files, inherited once per database: SQLite always, PostgreSQL when
/// SLIPWAY_TEST_POSTGRES is set. The project is built once per database for the whole assembly (<see cref="EfTodoFixture"/>).
/// </summary>
public abstract class EfMigrationGateCompliance(EfTodoFixture fixture)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract MigrationDatabase Kind { get; }

    /// <summary>A new, empty production database; returns its connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task<IReadOnlyList<string>> ColumnsAsync(string connection, string table);

    protected abstract Task<IReadOnlyList<string>> EfHistoryAsync(string connection);

    [Fact]
    public async Task Each_ef_migration_goes_through_the_gate_is_applied_with_its_ef_history_row_and_a_rename_is_blocked_at_its_migration()
    {
        var connection = await CreateDatabaseAsync();
        var files = await fixture.ReadAsync(Kind);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var database = MigrationDatabases.Open(Kind, connection, time);
        Assert.Empty(await database.EfHistoryAsync(Ct));

        Assert.Equal(EfTodoProject.All, files.Select(f => f.Name));
        Assert.Equal([MigrationPhase.Expand, MigrationPhase.Expand, MigrationPhase.Expand, MigrationPhase.Contract], files.Select(f => f.Phase));
        Assert.Contains(MigrationFile.EfHistoryTable, files[0].Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE TABLE", files[1].Sql, StringComparison.Ordinal);

        // The first release's expands: no finding, then applied once each, EF's history row with them.
        var first = files.Take(2).ToList();
        await using (var scratch = await database.CreateScratchAsync(Ct))
        {
            Assert.Empty(await MigrationGate.CheckAsync(scratch, first, [], Kind, Ct));
        }

        await using (var held = await database.LockAsync(Ct))
        {
            foreach (var file in first)
            {
                Assert.True(await held.ApplyAsync(file, "run-1", Ct));
            }
        }

        Assert.Equal(["Id", "Title", "Notes"], await ColumnsAsync(connection, "Todos"));
        Assert.Equal([EfTodoProject.CreateTodos, EfTodoProject.AddNotes], await EfHistoryAsync(connection));
        Assert.Equal([EfTodoProject.CreateTodos, EfTodoProject.AddNotes], await database.EfHistoryAsync(Ct));
        Assert.Equal(first.Select(f => (f.Name, f.Checksum)), (await database.AppliedAsync(Ct)).Select(a => (a.File, a.Checksum)));

        // The next release renames in place: blocked at that migration; the contract after it is only checked.
        IReadOnlyList<MigrationFinding> findings;
        await using (var scratch = await database.CreateScratchAsync(Ct))
        {
            findings = await MigrationGate.CheckAsync(scratch, [files[2]], [files[3]], Kind, Ct);
        }

        var rename = Assert.Single(findings, f => f.Rule == MigrationRules.RenamingColumn);
        Assert.True(rename.Blocks);
        Assert.DoesNotContain(findings, f => f.File != EfTodoProject.RenameTitle);
        Assert.Equal(EfTodoProject.RenameTitle, rename.File);
        Assert.Contains("RENAME COLUMN", files[2].Sql.Split('\n')[rename.Line - 1], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Id", "Title", "Notes"], await ColumnsAsync(connection, "Todos"));
    }
}
