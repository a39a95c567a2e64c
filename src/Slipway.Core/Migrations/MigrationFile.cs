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
