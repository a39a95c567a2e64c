using Slipway.Core.Migrations;

namespace Slipway.Core.Tests.Migrations;

/// <summary>The script of dotnet ef, cut into one migration per EF migration after each one's history row.</summary>
public sealed class EfScriptTests
{
    private const string Script = """
        CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
            "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
            "ProductVersion" TEXT NOT NULL
        );

        CREATE TABLE "Todos" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Todos" PRIMARY KEY AUTOINCREMENT,
            "Title" TEXT NOT NULL
        );

        INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
        VALUES ('20261201000001_CreateTodos', '10.0.15');

        ALTER TABLE "Todos" ADD "Notes" TEXT NULL;

        INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
        VALUES ('20261201000002_AddNotes', '10.0.15');

        DROP TABLE "Legacy";

        INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
        VALUES ('20261201000003_ContractDropLegacy', '10.0.15');


        """;

    private static readonly string[] Ids = ["20261201000001_CreateTodos", "20261201000002_AddNotes", "20261201000003_ContractDropLegacy"];

    [Fact]
    public void Each_migration_ends_after_its_own_history_row_and_the_first_holds_the_history_table()
    {
        var files = EfScript.Split(Script, Ids);

        Assert.Equal(Ids, files.Select(f => f.Name));
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\"", files[0].Sql, StringComparison.Ordinal);
        Assert.EndsWith("VALUES ('20261201000001_CreateTodos', '10.0.15');\n", files[0].Sql, StringComparison.Ordinal);
        Assert.Equal("ALTER TABLE \"Todos\" ADD \"Notes\" TEXT NULL;\n\nINSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\")\nVALUES ('20261201000002_AddNotes', '10.0.15');\n", files[1].Sql);
        Assert.Equal([MigrationPhase.Expand, MigrationPhase.Expand, MigrationPhase.Contract], files.Select(f => f.Phase));
        Assert.Equal(1, files[1].Statements()[0].Line);
    }

    [Fact]
    public void The_checksum_covers_the_migrations_own_statements_not_efs_product_version()
    {
        var before = EfScript.Split(Script, Ids);
        var upgraded = EfScript.Split(Script.Replace("'10.0.15'", "'10.0.16'", StringComparison.Ordinal), Ids);
        var edited = EfScript.Split(Script.Replace("\"Notes\" TEXT NULL", "\"Notes\" TEXT NOT NULL DEFAULT ''", StringComparison.Ordinal), Ids);

        Assert.Equal(before.Select(f => f.Checksum), upgraded.Select(f => f.Checksum));
        Assert.Equal(before[0].Checksum, edited[0].Checksum);
        Assert.NotEqual(before[1].Checksum, edited[1].Checksum);
    }

    [Fact]
    public void A_migration_without_its_history_row_in_the_script_is_an_error_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => EfScript.Split(Script, [.. Ids, "20261201000009_Missing"]));

        Assert.Contains("20261201000009_Missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20261201000003_ContractDropName", true)]
    [InlineData("20261201000003_Contract_DropName", true)]
    [InlineData("20261201000003_Contract", true)]
    [InlineData("20261201000003_Contractor", false)]
    [InlineData("20261201000003_AddContract", false)]
    public void A_contract_is_an_ef_migration_whose_name_starts_with_the_word_contract(string id, bool contract)
    {
        Assert.Equal(contract, MigrationFile.IsEfContract(id));
    }
}
