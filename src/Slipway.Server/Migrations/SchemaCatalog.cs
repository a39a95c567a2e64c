namespace Slipway.Server.Migrations;

/// <summary>
/// What a database's catalog says about its schema at one moment, read from the database itself (PostgreSQL's
/// pg_catalog, SQLite's sqlite_schema and pragmas). The gate compares two of these instead of parsing SQL.
/// </summary>
internal sealed record SchemaCatalog(
    IReadOnlyDictionary<string, CatalogTable> Tables,
    IReadOnlyDictionary<string, CatalogConstraint> Constraints,
    IReadOnlyDictionary<string, CatalogIndex> Indexes,
    IReadOnlyDictionary<string, string> Views,
    IReadOnlyDictionary<string, string> Functions)
{
    /// <summary>Every fact as one key and value, so that the gate can see which facts one statement changed.</summary>
    public IEnumerable<(string Key, string Table, string Value)> Facts()
    {
        foreach (var t in Tables.Values)
        {
            yield return ($"table:{t.Name}", t.Name, string.Join(',', t.Columns.Select(c => c.Name + " " + c.Type)));
            yield return ($"storage:{t.Name}", t.Name, t.StorageId ?? "");
            foreach (var c in t.Columns)
            {
                yield return ($"column:{t.Name}.{c.Name}", t.Name, $"{c.Type}|{c.NotNull}|{c.HasDefault}");
            }
        }

        foreach (var (key, c) in Constraints)
        {
            yield return ($"constraint:{key}", c.Table, $"{c.Kind}|{c.Validated}|{c.Definition}");
        }

        foreach (var (key, i) in Indexes)
        {
            yield return ($"index:{key}", i.Table, i.Definition);
        }

        foreach (var (key, v) in Views)
        {
            yield return ($"view:{key}", key, v);
        }

        foreach (var (key, f) in Functions)
        {
            yield return ($"function:{key}", "", f);
        }
    }
}

/// <summary>A table (or view's columns) with its columns in order; <see cref="StorageId"/> changes when the table is rewritten.</summary>
internal sealed record CatalogTable(string Name, IReadOnlyList<CatalogColumn> Columns, string? StorageId)
{
    public CatalogColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

internal sealed record CatalogColumn(string Name, string Type, bool NotNull, bool HasDefault);

/// <summary>A constraint: kind <c>f</c> foreign key, <c>c</c> check, <c>u</c> unique, <c>p</c> primary key, <c>x</c> exclusion.</summary>
internal sealed record CatalogConstraint(string Table, string Name, char Kind, bool Validated, string Definition);

internal sealed record CatalogIndex(string Table, string Name, string Definition);
