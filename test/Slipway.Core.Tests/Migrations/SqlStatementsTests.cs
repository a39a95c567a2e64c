using Slipway.Core.Migrations;

namespace Slipway.Core.Tests.Migrations;

/// <summary>The light tokenizer only splits statements and knows their lines; strings, comments and bodies keep their semicolons.</summary>
public sealed class SqlStatementsTests
{
    [Fact]
    public void Statements_are_split_at_semicolons_with_the_line_each_starts_on()
    {
        var statements = SqlStatements.Split("-- header\n\nALTER TABLE a ADD COLUMN b text;\n\n  CREATE TABLE c (\n id int\n);\n");

        Assert.Equal([("ALTER TABLE a ADD COLUMN b text", 3), ("CREATE TABLE c (\n id int\n)", 5)], statements.Select(s => (s.Text, s.Line)));
    }

    [Fact]
    public void Semicolons_inside_strings_quoted_names_comments_and_dollar_bodies_do_not_split()
    {
        var sql = "INSERT INTO t VALUES ('a;b');\nCREATE TABLE \"x;y\" (id int); /* c;\nd */\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;\nSELECT 2;";

        var statements = SqlStatements.Split(sql);

        Assert.Equal(4, statements.Count);
        Assert.Equal(4, statements[2].Line);
        Assert.Equal(5, statements[3].Line);
        Assert.Contains("SELECT 1;", statements[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sqlite_trigger_body_stays_one_statement()
    {
        var statements = SqlStatements.Split("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END;\nSELECT 1;");

        Assert.Equal(2, statements.Count);
        Assert.EndsWith("END", statements[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keywords_are_found_outside_strings_only()
    {
        var statement = new SqlStatement("create index concurrently i on t (c) where c <> 'CONCURRENTLY'", 1);
        var quoted = new SqlStatement("CREATE INDEX i ON t (c) WHERE c <> 'concurrently'", 1);

        Assert.True(statement.HasKeyword("CONCURRENTLY"));
        Assert.False(quoted.HasKeyword("CONCURRENTLY"));
    }

    [Fact]
    public void A_contract_is_marked_in_the_header_or_by_its_folder_and_the_checksum_ignores_line_endings()
    {
        Assert.Equal(MigrationPhase.Contract, MigrationFile.Create("004.sql", "-- why\n-- slipway: contract\nDROP TABLE a;").Phase);
        Assert.Equal(MigrationPhase.Contract, MigrationFile.Create("contract/004.sql", "DROP TABLE a;").Phase);
        Assert.Equal(MigrationPhase.Expand, MigrationFile.Create("004.sql", "DROP TABLE a;\n-- slipway: contract\n").Phase);
        Assert.Equal(MigrationFile.Create("a.sql", "SELECT 1;\r\n").Checksum, MigrationFile.Create("a.sql", "SELECT 1;\n").Checksum);
        Assert.NotEqual(MigrationFile.Create("a.sql", "SELECT 1;").Checksum, MigrationFile.Create("a.sql", "SELECT 2;").Checksum);
    }

    [Fact]
    public void Too_many_statements_is_refused()
    {
        var sql = string.Concat(Enumerable.Repeat("SELECT 1;", SqlStatements.MaxStatements + 1));

        Assert.Throws<FormatException>(() => SqlStatements.Split(sql));
    }
}
