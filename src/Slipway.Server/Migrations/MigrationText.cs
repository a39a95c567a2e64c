using Slipway.Core.Migrations;

namespace Slipway.Server.Migrations;

internal static class MigrationText
{
    private static readonly string[] TransactionWords = ["BEGIN", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE"];

    public static string Database(Slipway.Core.Config.MigrationDatabase database) =>
        database == Slipway.Core.Config.MigrationDatabase.Postgres ? "PostgreSQL" : "SQLite";

    public static string Phase(MigrationPhase phase) => phase == MigrationPhase.Contract ? "contract" : "expand";

    /// <summary>Slipway runs each file in its own transaction; a file that opens or ends one itself is refused.</summary>
    public static void RefuseTransactionControl(MigrationFile file, SqlStatement statement)
    {
        if (IsTransactionControl(statement))
        {
            throw new MigrationException($"{file.Name}:{statement.Line}: transaction control ({SqlStatements.Words(statement.Text)[0].ToUpperInvariant()}) in a migration file; Slipway runs each file in one transaction itself, so remove it");
        }
    }

    public static bool IsTransactionControl(SqlStatement statement)
    {
        var words = SqlStatements.Words(statement.Text);
        return words.Count > 0 && TransactionWords.Contains(words[0], StringComparer.OrdinalIgnoreCase);
    }
}
