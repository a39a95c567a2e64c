using Slipway.Server.Journal;

namespace Slipway.Server.Tests.Journal;

/// <summary>The compliance suite on a SQLite file in a fresh temporary folder per test.</summary>
public sealed class SqliteJournalStoreTests : JournalStoreCompliance
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "slipway-tests", "journal-" + Guid.NewGuid().ToString("N"));

    protected override async Task<IJournalStore> OpenStoreAsync()
    {
        var store = new SqliteJournalStore(Path.Combine(_folder, "journal.db"));
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override ValueTask DropAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
