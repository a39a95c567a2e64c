using Slipway.Server.Journal;

namespace Slipway.Server.Tests.Journal;

/// <summary>
/// What every journal store must do, whatever it stores into. Inherited once per store (SQLite, PostgreSQL).
/// Each test gets a fresh, empty journal; <see cref="OpenStoreAsync"/> may be called again to reopen the same one.
/// </summary>
public abstract class JournalStoreCompliance : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly List<IJournalStore> _opened = [];

    /// <summary>Opens (and initializes) a store on this test's journal: the same data on every call.</summary>
    protected abstract Task<IJournalStore> OpenStoreAsync();

    /// <summary>Removes this test's journal.</summary>
    protected virtual ValueTask DropAsync() => ValueTask.CompletedTask;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await DropAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task An_empty_journal_reads_nothing()
    {
        var store = await OpenAsync();

        Assert.Empty(await ReadAllAsync(store));
    }

    [Fact]
    public async Task Appended_records_get_increasing_sequence_numbers_and_read_back_in_order()
    {
        var store = await OpenAsync();

        var first = await store.AppendAsync([Record("a", 1), Record("a", 2)], Ct);
        var second = await store.AppendAsync([Record("b", 3)], Ct);

        var all = await ReadAllAsync(store);
        Assert.Equal([.. first, .. second], all.Select(r => r.Sequence));
        Assert.True(first[0] < first[1] && first[1] < second[0]);
        Assert.Equal(["1", "2", "3"], all.Select(r => DataNumber(r)));
    }

    [Fact]
    public async Task A_record_reads_back_exactly_as_written()
    {
        var store = await OpenAsync();
        var written = new NewJournalRecord("hello", "RolloutStarted", """{"service":"hello","note":"ünïcödé ✓ \"quoted\"\n"}""", new DateTimeOffset(2025, 3, 1, 14, 30, 15, 123, TimeSpan.FromHours(2)));

        var sequence = Assert.Single(await store.AppendAsync([written], Ct));

        var read = Assert.Single(await ReadAllAsync(store));
        Assert.Equal(sequence, read.Sequence);
        Assert.Equal(written.Stream, read.Stream);
        Assert.Equal(written.Type, read.Type);
        Assert.Equal(written.Data, read.Data);
        Assert.Equal(written.Timestamp.UtcDateTime, read.Timestamp.UtcDateTime);
    }

    [Fact]
    public async Task Reading_after_a_sequence_number_returns_only_the_later_records()
    {
        var store = await OpenAsync();
        var sequences = await store.AppendAsync(Enumerable.Range(1, 10).Select(i => Record("s", i)).ToList(), Ct);

        var after = await ReadAllAsync(store, sequences[6]);

        Assert.Equal(sequences.Skip(7), after.Select(r => r.Sequence));
        Assert.Empty(await ReadAllAsync(store, sequences[^1]));
        Assert.Equal(10, (await ReadAllAsync(store, -1)).Count);
    }

    [Fact]
    public async Task A_batch_is_appended_whole_or_not_at_all()
    {
        var store = await OpenAsync();
        await store.AppendAsync([Record("s", 1)], Ct);

        // The third record has no data: the store must refuse it, and the two before it with it.
        var broken = new List<NewJournalRecord> { Record("s", 2), Record("s", 3), new("s", "Broken", null!, T0) };
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(broken, Ct));

        var later = await store.AppendAsync([Record("s", 4)], Ct);
        var all = await ReadAllAsync(store);
        Assert.Equal(["1", "4"], all.Select(r => DataNumber(r)));
        Assert.Equal(later[0], all[^1].Sequence);
    }

    [Fact]
    public async Task The_journal_survives_closing_and_reopening_the_store()
    {
        var store = await OpenAsync();
        var sequences = await store.AppendAsync(Enumerable.Range(1, 5).Select(i => Record("s", i)).ToList(), Ct);
        await store.DisposeAsync();
        _opened.Remove(store);

        var reopened = await OpenAsync();
        var all = await ReadAllAsync(reopened);
        var next = await reopened.AppendAsync([Record("s", 6)], Ct);

        Assert.Equal(sequences, all.Select(r => r.Sequence));
        Assert.True(next[0] > sequences[^1]);
    }

    [Fact]
    public async Task Initializing_again_keeps_the_records()
    {
        var store = await OpenAsync();
        await store.AppendAsync([Record("s", 1)], Ct);

        await store.InitializeAsync(Ct);
        await store.InitializeAsync(Ct);

        Assert.Single(await ReadAllAsync(store));
    }

    [Fact]
    public async Task Concurrent_appends_keep_each_batch_together_and_each_writers_order()
    {
        const int Writers = 6;
        const int Batches = 15;
        const int BatchSize = 3;
        var store = await OpenAsync();
        var returned = new System.Collections.Concurrent.ConcurrentBag<long>();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                var batch = Enumerable.Range(0, BatchSize).Select(i => new NewJournalRecord($"writer-{w}", "Test", $"{w}:{b}:{i}", T0)).ToList();
                foreach (var sequence in await store.AppendAsync(batch, Ct))
                {
                    returned.Add(sequence);
                }
            }
        }, Ct)));

        var all = await ReadAllAsync(store);
        Assert.Equal(Writers * Batches * BatchSize, all.Count);
        Assert.Equal(returned.Order(), all.Select(r => r.Sequence));
        Assert.Equal(all.Count, all.Select(r => r.Sequence).Distinct().Count());
        for (var i = 0; i < all.Count; i += BatchSize)
        {
            var batch = all.Skip(i).Take(BatchSize).Select(r => r.Data.Split(':')).ToList();
            Assert.All(batch, parts => Assert.Equal(batch[0][0] + ":" + batch[0][1], parts[0] + ":" + parts[1]));
            Assert.Equal(["0", "1", "2"], batch.Select(p => p[2]));
        }

        foreach (var writer in all.GroupBy(r => r.Stream))
        {
            var order = writer.Select(r => int.Parse(r.Data.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
            Assert.Equal(Enumerable.Range(0, Batches), order);
        }
    }

    [Fact]
    public async Task A_reader_tailing_the_journal_during_concurrent_appends_skips_no_record()
    {
        const int Writers = 4;
        const int Appends = 20;
        var store = await OpenAsync();
        using var done = new CancellationTokenSource();
        var seen = new List<StoredJournalRecord>();

        var tail = Task.Run(async () =>
        {
            long last = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                foreach (var record in await ReadAllAsync(store, last))
                {
                    Assert.True(record.Sequence > last);
                    seen.Add(record);
                    last = record.Sequence;
                }

                if (finished)
                {
                    return;
                }

                await Task.Delay(1, Ct);
            }
        }, Ct);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Appends; i++)
            {
                await store.AppendAsync([new NewJournalRecord($"w{w}", "Test", $"{w}:{i}", T0)], Ct);
            }
        }, Ct)));
        await done.CancelAsync();
        await tail;

        Assert.Equal((await ReadAllAsync(store)).Select(r => r.Sequence), seen.Select(r => r.Sequence));
        Assert.Equal(Writers * Appends, seen.Count);
    }

    [Fact]
    public async Task A_large_payload_reads_back_intact()
    {
        var store = await OpenAsync();
        var random = new Random(7);
        var payload = "{\"body\":\"" + string.Concat(Enumerable.Range(0, 3 * 1024 * 1024).Select(_ => (char)random.Next('a', 'z' + 1))) + "é✓\"}";

        await store.AppendAsync([new NewJournalRecord("big", "Large", payload, T0), Record("big", 2)], Ct);

        var all = await ReadAllAsync(store);
        Assert.Equal(payload, all[0].Data);
        Assert.Equal("2", DataNumber(all[1]));
    }

    [Fact]
    public async Task Many_records_in_one_batch_are_all_appended_in_order()
    {
        var store = await OpenAsync();

        var sequences = await store.AppendAsync(Enumerable.Range(1, 500).Select(i => Record("s", i)).ToList(), Ct);

        Assert.Equal(500, sequences.Count);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (await ReadAllAsync(store)).Select(r => DataNumber(r)));
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IJournalStore> OpenAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    private static NewJournalRecord Record(string stream, int n) =>
        new(stream, "Test", $$"""{"n":{{n}}}""", T0.AddSeconds(n));

    private static string DataNumber(StoredJournalRecord record) => record.Data[5..^1];

    private static async Task<List<StoredJournalRecord>> ReadAllAsync(IJournalStore store, long after = 0)
    {
        var list = new List<StoredJournalRecord>();
        await foreach (var record in store.ReadAsync(after, Ct))
        {
            list.Add(record);
        }

        return list;
    }
}
