using Slipway.Core.Config;
using Slipway.Core.Migrations;

namespace Slipway.Server.Migrations;

/// <summary>
/// The gate's first two checks, decided by the database itself: every pending migration runs, statement by statement,
/// on a scratch database with the production schema, and the catalog is read before and after each statement. The
/// difference says what happened, whatever the spelling: a column gone (dropped, or renamed when a column of the same
/// type appeared with it), a type changed, a NOT NULL without default, a constraint validated at once, a table
/// rewritten (its storage changed), an index built without CONCURRENTLY on a table that exists, a view or function
/// changed. Each finding names the statement's file and line. Contracts run last, only to be checked: one that touches
/// a table this same release's expand touched is <c>contract-in-same-release</c>. Between the expands and the contracts,
/// the third check (<see cref="OldCodeCheck"/>) starts the version in production on the migrated scratch database.
/// </summary>
internal static class MigrationGate
{
    public static async Task<IReadOnlyList<MigrationFinding>> CheckAsync(
        IScratchDatabase scratch,
        IReadOnlyList<MigrationFile> expands,
        IReadOnlyList<MigrationFile> contracts,
        MigrationDatabase database,
        CancellationToken cancellationToken,
        Func<IScratchDatabase, CancellationToken, Task<MigrationFinding?>>? oldCode = null)
    {
        var findings = new List<MigrationFinding>();
        var production = await scratch.SnapshotAsync(cancellationToken);
        var firstChange = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        var expandTables = new HashSet<string>(StringComparer.Ordinal);
        var current = production;

        foreach (var file in expands)
        {
            var (after, failed) = await RunFileAsync(scratch, file, production, current, firstChange, expandTables, findings, database, perStatement: true, cancellationToken);
            current = after;
            if (failed)
            {
                return findings;
            }
        }

        findings.AddRange(Compare(production, current, firstChange));

        // The third check, on the schema with the expands and before any contract: the version in production, started on it.
        if (oldCode is not null && expands.Count > 0 && await oldCode(scratch, cancellationToken) is { } oldCodeFails)
        {
            findings.Add(oldCodeFails);
        }

        var contractChanges = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var file in contracts)
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            var (after, failed) = await RunFileAsync(scratch, file, production, current, contractChanges, touched, findings, database, perStatement: false, cancellationToken);
            current = after;
            if (failed)
            {
                break;
            }

            foreach (var table in touched.Where(t => expandTables.Contains(t) && production.Tables.ContainsKey(t)).Order(StringComparer.Ordinal))
            {
                var at = contractChanges.Where(c => c.Value.File == file.Name && TableOf(c.Key) == table).Select(c => c.Value.Line).DefaultIfEmpty(1).Min();
                findings.Add(MigrationRules.Finding(MigrationRules.ContractInSameRelease, file.Name, at,
                    $"the contract changes table {table}, which this release's expand migrations change too", "rule"));
            }
        }

        return findings;
    }

    /// <summary>Runs one file's statements; per statement, the facts that changed are attributed to it, and the statement rules run.</summary>
    private static async Task<(SchemaCatalog After, bool Failed)> RunFileAsync(
        IScratchDatabase scratch, MigrationFile file, SchemaCatalog production, SchemaCatalog current, Dictionary<string, (string File, int Line)> firstChange,
        HashSet<string> touchedTables, List<MigrationFinding> findings, MigrationDatabase database, bool perStatement, CancellationToken cancellationToken)
    {
        IReadOnlyList<SqlStatement> statements;
        try
        {
            statements = file.Statements();
        }
        catch (FormatException ex)
        {
            findings.Add(MigrationRules.Finding(MigrationRules.ApplyFailed, file.Name, 1, ex.Message, "schema-diff"));
            return (current, true);
        }

        foreach (var statement in statements)
        {
            if (MigrationText.IsTransactionControl(statement))
            {
                findings.Add(MigrationRules.Finding(MigrationRules.ApplyFailed, file.Name, statement.Line,
                    "transaction control in a migration file (Slipway runs each file in one transaction itself)", "schema-diff"));
                return (current, true);
            }

            var outcome = await scratch.ExecuteAsync(statement, cancellationToken);
            if (outcome.Error is { } error)
            {
                findings.Add(MigrationRules.Finding(outcome.Rule ?? MigrationRules.ApplyFailed, file.Name, statement.Line,
                    $"the database refused the statement on a copy of the production schema ({error})", "schema-diff"));
                return (current, true);
            }

            var after = await scratch.SnapshotAsync(cancellationToken);
            var before = current.Facts().ToDictionary(f => f.Key, f => (f.Table, f.Value), StringComparer.Ordinal);
            var now = after.Facts().ToDictionary(f => f.Key, f => (f.Table, f.Value), StringComparer.Ordinal);
            foreach (var key in before.Keys.Union(now.Keys))
            {
                var was = before.GetValueOrDefault(key);
                var @is = now.GetValueOrDefault(key);
                if (was.Value == @is.Value && was.Table == @is.Table)
                {
                    continue;
                }

                firstChange.TryAdd(key, (file.Name, statement.Line));
                foreach (var table in new[] { was.Table, @is.Table })
                {
                    if (!string.IsNullOrEmpty(table))
                    {
                        touchedTables.Add(table);
                    }
                }
            }

            if (perStatement)
            {
                findings.AddRange(StatementRules(file, statement, production, current, after, outcome, database));
            }

            current = after;
        }

        return (current, false);
    }

    /// <summary>The rules that belong to one statement: how an index was built and whether a table of production was rewritten.</summary>
    private static IEnumerable<MigrationFinding> StatementRules(
        MigrationFile file, SqlStatement statement, SchemaCatalog production, SchemaCatalog before, SchemaCatalog after, StatementOutcome outcome, MigrationDatabase database)
    {
        if (database != MigrationDatabase.Postgres)
        {
            yield break;
        }

        foreach (var (name, index) in after.Indexes)
        {
            if (!before.Indexes.ContainsKey(name) && production.Tables.ContainsKey(index.Table) && !statement.HasKeyword("CONCURRENTLY")
                && !before.Constraints.Values.Any(c => c.Name == name) && !after.Constraints.Values.Any(c => c.Name == name && !before.Constraints.ContainsKey($"{c.Table}.{c.Name}")))
            {
                yield return MigrationRules.Finding(MigrationRules.IndexWithoutConcurrently, file.Name, statement.Line,
                    $"index {name} on existing table {index.Table} is built without CONCURRENTLY{Locks(outcome, index.Table)}", "rule");
            }
        }

        foreach (var (name, table) in after.Tables)
        {
            if (production.Tables.ContainsKey(name) && before.Tables.TryGetValue(name, out var old) && !string.IsNullOrEmpty(old.StorageId) && old.StorageId != table.StorageId
                && !TypeChanged(old, table))
            {
                yield return MigrationRules.Finding(MigrationRules.LongLockingAlter, file.Name, statement.Line,
                    $"table {name} was rewritten (its storage changed){Locks(outcome, name)}", "schema-diff");
            }
        }
    }

    private static bool TypeChanged(CatalogTable old, CatalogTable now) =>
        old.Columns.Any(c => now.Column(c.Name) is { } n && n.Type != c.Type);

    private static string Locks(StatementOutcome outcome, string table)
    {
        var held = outcome.Locks.Where(l => l.StartsWith(table + " ", StringComparison.Ordinal)).Select(l => l[(table.Length + 1)..]).ToList();
        return held.Count == 0 ? "" : $" (took {string.Join(", ", held)} on {table})";
    }

    /// <summary>The schema diff: production's catalog against the catalog after every pending expand.</summary>
    internal static IEnumerable<MigrationFinding> Compare(SchemaCatalog production, SchemaCatalog migrated, IReadOnlyDictionary<string, (string File, int Line)> firstChange)
    {
        MigrationFinding Found(string rule, string key, string detail)
        {
            var (file, line) = firstChange.TryGetValue(key, out var at) ? at : ("(schema)", 0);
            return MigrationRules.Finding(rule, file, line, detail, "schema-diff");
        }

        var newTables = migrated.Tables.Values.Where(t => !production.Tables.ContainsKey(t.Name)).ToList();
        foreach (var table in production.Tables.Values)
        {
            if (!migrated.Tables.TryGetValue(table.Name, out var now))
            {
                var twin = newTables.FirstOrDefault(t => Shape(t) == Shape(table));
                yield return twin is null
                    ? Found(MigrationRules.DroppingTable, $"table:{table.Name}", $"table {table.Name} is gone")
                    : Found(MigrationRules.RenamingTable, $"table:{table.Name}", $"table {table.Name} is gone and {twin.Name} appeared with the same columns (a rename)");
                continue;
            }

            var added = now.Columns.Where(c => table.Column(c.Name) is null).ToList();
            foreach (var column in table.Columns)
            {
                var key = $"column:{table.Name}.{column.Name}";
                if (now.Column(column.Name) is not { } after)
                {
                    var twin = added.FirstOrDefault(c => c.Type == column.Type);
                    if (twin is not null)
                    {
                        added.Remove(twin);
                        yield return Found(MigrationRules.RenamingColumn, key, $"column {table.Name}.{column.Name} is gone and {twin.Name} appeared with the same type {column.Type} (a rename)");
                    }
                    else
                    {
                        yield return Found(MigrationRules.DroppingColumn, key, $"column {table.Name}.{column.Name} is gone");
                    }

                    continue;
                }

                if (after.Type != column.Type)
                {
                    yield return Found(MigrationRules.ChangingColumnType, key, $"column {table.Name}.{column.Name} changed type from {column.Type} to {after.Type}");
                }

                if (after.NotNull && !column.NotNull)
                {
                    yield return Found(MigrationRules.SettingNotNull, key, $"column {table.Name}.{column.Name} became NOT NULL");
                }
            }

            foreach (var column in now.Columns.Where(c => table.Column(c.Name) is null && c.NotNull && !c.HasDefault))
            {
                yield return Found(MigrationRules.AddingNotNullWithoutDefault, $"column:{table.Name}.{column.Name}", $"new column {table.Name}.{column.Name} is NOT NULL without a default");
            }
        }

        foreach (var (key, constraint) in migrated.Constraints)
        {
            if (production.Constraints.ContainsKey(key) || !production.Tables.ContainsKey(constraint.Table))
            {
                continue;
            }

            if (constraint.Kind is 'f' or 'c' && constraint.Validated)
            {
                yield return Found(MigrationRules.ConstraintWithoutNotValid, $"constraint:{key}", $"{(constraint.Kind == 'f' ? "foreign key" : "check constraint")} {constraint.Name} on existing table {constraint.Table} is validated at once ({constraint.Definition})");
            }
            else if (constraint.Kind is 'u' or 'p' or 'x')
            {
                yield return Found(MigrationRules.AddingUniqueConstraint, $"constraint:{key}", $"constraint {constraint.Name} ({constraint.Definition}) on existing table {constraint.Table} builds its index under a write lock");
            }
        }

        foreach (var (name, definition) in production.Views)
        {
            if (!migrated.Views.TryGetValue(name, out var now))
            {
                yield return Found(MigrationRules.ChangingView, $"view:{name}", $"view {name} is gone");
            }
            else if (now != definition)
            {
                yield return Found(MigrationRules.ChangingView, $"view:{name}", $"view {name} changed its definition");
            }
        }

        foreach (var (name, body) in production.Functions)
        {
            if (!migrated.Functions.TryGetValue(name, out var now))
            {
                yield return Found(MigrationRules.ChangingFunction, $"function:{name}", $"{name} is gone");
            }
            else if (now != body)
            {
                yield return Found(MigrationRules.ChangingFunction, $"function:{name}", $"{name} changed its body or result");
            }
        }
    }

    private static string Shape(CatalogTable table) => string.Join(',', table.Columns.Select(c => c.Name + " " + c.Type));

    private static string TableOf(string factKey)
    {
        var colon = factKey.IndexOf(':', StringComparison.Ordinal);
        var rest = factKey[(colon + 1)..];
        var kind = factKey[..colon];
        return kind is "column" or "constraint" ? rest[..Math.Max(0, rest.LastIndexOf('.'))] : rest;
    }
}
