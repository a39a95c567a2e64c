using System.Security.Cryptography;
using System.Text;

namespace Slipway.Core.Migrations;

/// <summary>
/// One SQL file of the migrations folder. <see cref="Name"/> is its path inside that folder (<c>002_add_email.sql</c>,
/// <c>contract/004_drop_name.sql</c>) and its identity in the database's applied table; <see cref="Checksum"/> is the
/// SHA-256 of its text with line endings normalized, so a file changed after it ran is recognised and refused.
/// </summary>
public sealed record MigrationFile(string Name, MigrationPhase Phase, string Sql, string Checksum)
{
    /// <summary>The header line that marks a contract outside the <c>contract/</c> folder.</summary>
    public const string ContractMarker = "-- slipway: contract";

    public const string ContractFolder = "contract";

    public static MigrationFile Create(string name, string sql)
    {
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var phase = name.StartsWith(ContractFolder + "/", StringComparison.Ordinal) || IsMarkedContract(normalized)
            ? MigrationPhase.Contract
            : MigrationPhase.Expand;
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new MigrationFile(name, phase, normalized, checksum);
    }

    /// <summary>The history table EF Core keeps its applied migrations in; its statements are EF's bookkeeping.</summary>
    public const string EfHistoryTable = "__EFMigrationsHistory";

    /// <summary>
    /// One EF Core migration, scripted by <c>dotnet ef</c>: named by its id (<c>20261201000002_AddTitle</c>), a contract
    /// when its name (after the timestamp) starts with <c>Contract</c>. Its checksum covers its own statements and not
    /// EF's history bookkeeping (which carries EF's ProductVersion), so an EF upgrade does not read as an edited migration.
    /// </summary>
    public static MigrationFile CreateEf(string id, string sql)
    {
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var own = string.Join("\n;\n", SqlStatements.Split(normalized).Where(s => !s.Text.Contains(EfHistoryTable, StringComparison.Ordinal)).Select(s => s.Text));
        var phase = IsEfContract(id) ? MigrationPhase.Contract : MigrationPhase.Expand;
        return new MigrationFile(id, phase, normalized, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(own))));
    }

    /// <summary><c>20261201000003_ContractDropName</c> or <c>…_Contract_DropName</c>: a contract; <c>…_Contractor</c> is not.</summary>
    public static bool IsEfContract(string id)
    {
        var underscore = id.IndexOf('_', StringComparison.Ordinal);
        var name = underscore < 0 ? id : id[(underscore + 1)..];
        const string word = "Contract";
        return name.StartsWith(word, StringComparison.Ordinal)
            && (name.Length == word.Length || name[word.Length] == '_' || char.IsUpper(name[word.Length]) || char.IsDigit(name[word.Length]));
    }

    public IReadOnlyList<SqlStatement> Statements() => SqlStatements.Split(Sql);

    /// <summary>The marker counts in the leading comment lines only, before the first statement.</summary>
    private static bool IsMarkedContract(string sql)
    {
        foreach (var raw in sql.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }

            var words = line.TrimStart('-').Trim();
            if (words.Equals("slipway: contract", StringComparison.OrdinalIgnoreCase) || words.Equals("slipway:contract", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
