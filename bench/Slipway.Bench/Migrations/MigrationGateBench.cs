using System.Diagnostics;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Npgsql;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Server.Migrations;

namespace Slipway.Bench.Migrations;

/// <summary>
/// Issue 12's figures on a real PostgreSQL (SLIPWAY_TEST_POSTGRES): the labelled corpus under bench/migrations-corpus
/// through Slipway's gate and through squawk side by side, per rule; then the time the gate adds to a run with
/// 5 pending migrations (scratch from pg_dump, gate, drop) and the time to apply them.
///   dotnet run -c Release --project bench/Slipway.Bench -- migrations [--squawk PATH] [--runs N]
/// </summary>
internal static class MigrationGateBench
{
    /// <summary>squawk rules about style or about timeouts that Slipway sets itself (lock_timeout, one transaction per file).</summary>
    private static readonly string[] SquawkNonBreaking =
    [
        "require-timeout", "require-lock-timeout", "require-statement-timeout", "prefer-robust-stmts", "prefer-bigint-over-int",
        "prefer-bigint-over-smallint", "prefer-identity", "prefer-text-field", "prefer-timestamptz", "ban-char-field", "transaction-nesting",
    ];

    public static async Task<int> RunAsync(string root, BenchArguments arguments, CancellationToken cancellationToken)
    {
        var admin = Environment.GetEnvironmentVariable("SLIPWAY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.Error.WriteLine("set SLIPWAY_TEST_POSTGRES to a PostgreSQL connection string (.ci/run sets one up)");
            return 2;
        }

        var corpus = Path.Combine(root, "bench", "migrations-corpus");
        var production = await File.ReadAllTextAsync(Path.Combine(corpus, "production.sql"), cancellationToken);
        var cases = (await File.ReadAllLinesAsync(Path.Combine(corpus, "corpus.tsv"), cancellationToken)).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(p => (File: p[0], Expected: p[1], Reason: p[2])).ToList();
        var time = TimeProvider.System;

        // Slipway's gate on every case.
        var slipway = new Dictionary<string, IReadOnlyList<MigrationFinding>>(StringComparer.Ordinal);
        await using (var db = await ProductionDatabase.CreateAsync(admin, production, cancellationToken))
        {
            var database = MigrationDatabases.Open(MigrationDatabase.Postgres, db.ConnectionString, time);
            foreach (var c in cases)
            {
                var file = MigrationFile.Create(c.File, await File.ReadAllTextAsync(Path.Combine(corpus, c.File), cancellationToken));
                await using var scratch = await database.CreateScratchAsync(cancellationToken);
                slipway[c.File] = await MigrationGate.CheckAsync(scratch, [file], [], MigrationDatabase.Postgres, cancellationToken);
            }
        }

        // squawk on the same files.
        var squawk = await SquawkAsync(arguments.Get("--squawk") ?? "squawk", corpus, cases.Select(c => c.File).ToList(), cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"Corpus: {cases.Count} cases ({cases.Count(c => c.Expected == "safe")} safe, {cases.Count(c => c.Expected != "safe")} unsafe), bench/migrations-corpus/corpus.tsv");
        Console.WriteLine(squawk.Error is null ? $"squawk: {squawk.Version}, --pg-version 15 --assume-in-transaction" : $"squawk: not run ({squawk.Error})");
        Console.WriteLine();
        Console.WriteLine("| rule | cases | Slipway: right rule | Slipway: any finding | squawk: any violation | squawk: breaking/locking rules |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var group in cases.GroupBy(c => c.Expected).OrderBy(g => g.Key == "safe" ? 1 : 0).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var n = group.Count();
            var right = group.Count(c => slipway[c.File].Any(f => f.Rule == c.Expected));
            var any = group.Count(c => slipway[c.File].Count > 0);
            var sqAny = squawk.Error is null ? group.Count(c => squawk.Rules[c.File].Count > 0).ToString() : "-";
            var sqBreaking = squawk.Error is null ? group.Count(c => squawk.Rules[c.File].Any(r => !SquawkNonBreaking.Contains(r))).ToString() : "-";
            var label = group.Key == "safe" ? "**safe (false positives)**" : group.Key;
            Console.WriteLine(group.Key == "safe"
                ? $"| {label} | {n} | - | {any} | {sqAny} | {sqBreaking} |"
                : $"| {label} | {n} | {right} | {any} | {sqAny} | {sqBreaking} |");
        }

        var unsafeCases = cases.Where(c => c.Expected != "safe").ToList();
        var safeCases = cases.Where(c => c.Expected == "safe").ToList();
        Console.WriteLine();
        Console.WriteLine($"Slipway: {unsafeCases.Count(c => slipway[c.File].Count > 0)}/{unsafeCases.Count} unsafe caught ({unsafeCases.Count(c => slipway[c.File].Any(f => f.Rule == c.Expected))} with the labelled rule), {safeCases.Count(c => slipway[c.File].Count > 0)}/{safeCases.Count} safe flagged");
        if (squawk.Error is null)
        {
            Console.WriteLine($"squawk:  {unsafeCases.Count(c => squawk.Rules[c.File].Count > 0)}/{unsafeCases.Count} unsafe caught, {safeCases.Count(c => squawk.Rules[c.File].Count > 0)}/{safeCases.Count} safe flagged (all rules); breaking/locking rules only: {unsafeCases.Count(c => squawk.Rules[c.File].Any(r => !SquawkNonBreaking.Contains(r)))}/{unsafeCases.Count} caught, {safeCases.Count(c => squawk.Rules[c.File].Any(r => !SquawkNonBreaking.Contains(r)))}/{safeCases.Count} safe flagged");
        }

        foreach (var c in cases)
        {
            var found = slipway[c.File];
            var ok = c.Expected == "safe" ? found.Count == 0 : found.Any(f => f.Rule == c.Expected);
            if (!ok)
            {
                Console.WriteLine($"  miss: {c.File} expected {c.Expected}, Slipway found [{string.Join(", ", found.Select(f => f.Rule))}]");
            }
        }

        // The time the gate adds with 5 pending migrations.
        var runs = int.Parse(arguments.Get("--runs") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
        var five = new[] { "01", "02", "03", "06", "09" }.Select(p => cases.First(c => c.File.StartsWith(p + "_", StringComparison.Ordinal)).File).ToList();
        var gateSeconds = new List<double>();
        var applySeconds = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await using var db = await ProductionDatabase.CreateAsync(admin, production, cancellationToken);
            var database = MigrationDatabases.Open(MigrationDatabase.Postgres, db.ConnectionString, time);
            var files = new List<MigrationFile>();
            foreach (var name in five)
            {
                files.Add(MigrationFile.Create(name, await File.ReadAllTextAsync(Path.Combine(corpus, name), cancellationToken)));
            }

            var watch = Stopwatch.StartNew();
            await using (var scratch = await database.CreateScratchAsync(cancellationToken))
            {
                var findings = await MigrationGate.CheckAsync(scratch, files, [], MigrationDatabase.Postgres, cancellationToken);
                if (findings.Count > 0)
                {
                    throw new InvalidOperationException("the 5 safe migrations had findings: " + string.Join("; ", findings));
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

        Console.WriteLine();
        Console.WriteLine($"Gate with 5 pending migrations on PostgreSQL ({runs} runs): median {Median(gateSeconds):0.00} s, max {gateSeconds.Max():0.00} s (target < 5 s); applying them: median {Median(applySeconds):0.00} s");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<(string? Error, string Version, Dictionary<string, List<string>> Rules)> SquawkAsync(string squawk, string corpus, List<string> files, CancellationToken cancellationToken)
    {
        var rules = files.ToDictionary(f => f, _ => new List<string>(), StringComparer.Ordinal);
        try
        {
            var version = await CliWrap.Cli.Wrap(squawk).WithArguments("--version").WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
            var result = await CliWrap.Cli.Wrap(squawk)
                .WithArguments(["--reporter", "json", "--pg-version", "15", "--assume-in-transaction", .. files])
                .WithWorkingDirectory(corpus)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
            using var json = JsonDocument.Parse(result.StandardOutput);
            foreach (var violation in json.RootElement.EnumerateArray())
            {
                var file = Path.GetFileName(violation.GetProperty("file").GetString()!);
                if (rules.TryGetValue(file, out var list))
                {
                    list.Add(violation.GetProperty("rule_name").GetString()!);
                }
            }

            return (null, version.StandardOutput.Trim(), rules);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or JsonException)
        {
            return ($"{squawk}: {ex.Message}; pip install squawk-cli failed here (no route to pypi.org), npm install squawk-cli works", "", rules);
        }
    }

    internal sealed class ProductionDatabase(string admin, string name) : IAsyncDisposable
    {
        public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;

        public static async Task<ProductionDatabase> CreateAsync(string admin, string schema, CancellationToken cancellationToken)
        {
            var database = "slipway_bench_" + Guid.NewGuid().ToString("N");
            var db = new ProductionDatabase(admin, database);
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var connection = new NpgsqlConnection(db.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var load = new NpgsqlCommand(schema, connection);
                await load.ExecuteNonQueryAsync(cancellationToken);
            }

            return db;
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
