namespace Slipway.Core.Migrations;

/// <summary>
/// Cuts the script that <c>dotnet ef migrations script 0 LAST --no-transactions</c> writes into one migration per EF
/// migration. EF writes each migration's statements and then the row it records in <c>__EFMigrationsHistory</c>
/// (<c>VALUES ('ID', 'VERSION');</c>), in order; each migration ends after its own history row. The first one also holds
/// EF's <c>CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory"</c>. Nothing is parsed: the database reads the statements.
/// </summary>
public static class EfScript
{
    public static IReadOnlyList<MigrationFile> Split(string script, IReadOnlyList<string> ids)
    {
        var lines = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var files = new List<MigrationFile>(ids.Count);
        var from = 0;
        for (var k = 0; k < ids.Count; k++)
        {
            var id = ids[k];
            var row = -1;
            for (var i = from; i < lines.Length; i++)
            {
                if (lines[i].Contains($"'{id}'", StringComparison.Ordinal) && History(lines, from, i))
                {
                    row = i;
                    break;
                }
            }

            if (row < 0)
            {
                throw new FormatException($"the script of dotnet ef has no {MigrationFile.EfHistoryTable} row for migration {id}");
            }

            var end = row;
            while (end < lines.Length - 1 && !lines[end].TrimEnd().EndsWith(';'))
            {
                end++;
            }

            // What follows the last history row (blank lines) belongs to the last migration.
            var last = k == ids.Count - 1 ? lines.Length - 1 : end;
            var text = string.Join('\n', lines[from..(last + 1)]).Trim('\n') + "\n";
            files.Add(MigrationFile.CreateEf(id, text));
            from = end + 1;
        }

        return files;
    }

    /// <summary>Whether the INSERT that <paramref name="row"/> belongs to is EF's history row (it starts at most two lines up).</summary>
    private static bool History(string[] lines, int from, int row)
    {
        for (var i = row; i >= Math.Max(from, row - 2); i--)
        {
            if (lines[i].Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase) && lines[i].Contains(MigrationFile.EfHistoryTable, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
