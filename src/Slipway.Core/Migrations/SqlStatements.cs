using System.Text;

namespace Slipway.Core.Migrations;

/// <summary>
/// A light statement tokenizer: it splits a migration into statements at top-level semicolons and knows where each one
/// starts, skipping strings, quoted names, dollar-quoted bodies and comments. It does not parse SQL: what a statement
/// does is read from the database's catalog after it ran (<c>MigrationGate</c>).
/// </summary>
public static class SqlStatements
{
    /// <summary>The most statements one file may hold; more is refused, so a file cannot make the gate do unbounded work.</summary>
    public const int MaxStatements = 2000;

    public static IReadOnlyList<SqlStatement> Split(string sql)
    {
        var statements = new List<SqlStatement>();
        var current = new StringBuilder();
        var line = 1;
        var startLine = 0;
        var i = 0;
        var depth = 0; // BEGIN ... END blocks of SQLite triggers
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i, "--"))
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                i = end;
                continue;
            }

            if (c == '/' && At(sql, i, "/*"))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                line += Count(sql, i, end);
                current.Append(' ');
                i = end;
                continue;
            }

            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var end = i + 1;
                while (end < sql.Length)
                {
                    if (sql[end] == close)
                    {
                        if (close != ']' && end + 1 < sql.Length && sql[end + 1] == close)
                        {
                            end += 2;
                            continue;
                        }

                        break;
                    }

                    end++;
                }

                end = Math.Min(end + 1, sql.Length);
                Begin(ref startLine, line);
                current.Append(sql, i, end - i);
                line += Count(sql, i, end);
                i = end;
                continue;
            }

            if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + tag.Length;
                Begin(ref startLine, line);
                current.Append(sql, i, end - i);
                line += Count(sql, i, end);
                i = end;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                var word = sql.AsSpan(i, end - i);
                if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) && IsTriggerOrBlock(current))
                {
                    depth++;
                }
                else if (word.Equals("END", StringComparison.OrdinalIgnoreCase) && depth > 0)
                {
                    depth--;
                }

                Begin(ref startLine, line);
                current.Append(word);
                i = end;
                continue;
            }

            if (c == ';' && depth == 0)
            {
                Flush(statements, current, startLine);
                startLine = 0;
                i++;
                continue;
            }

            if (c == '\n')
            {
                line++;
            }

            if (!char.IsWhiteSpace(c))
            {
                Begin(ref startLine, line);
            }

            current.Append(c);
            i++;
        }

        Flush(statements, current, startLine);
        return statements;
    }

    /// <summary>The bare words of a statement, outside strings, quoted names and comments.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var end = text.IndexOf(close, i + 1);
                i = end < 0 ? text.Length : end + 1;
                continue;
            }

            if (c == '$' && DollarTag(text, i) is { } tag)
            {
                var end = text.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + tag.Length;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                words.Add(text[i..end]);
                i = end;
                continue;
            }

            i++;
        }

        return words;
    }

    private static void Begin(ref int startLine, int line)
    {
        if (startLine == 0)
        {
            startLine = line;
        }
    }

    private static void Flush(List<SqlStatement> statements, StringBuilder current, int startLine)
    {
        var text = current.ToString().Trim();
        current.Clear();
        if (text.Length == 0)
        {
            return;
        }

        if (statements.Count >= MaxStatements)
        {
            throw new FormatException($"more than {MaxStatements} statements in one migration file");
        }

        statements.Add(new SqlStatement(text, startLine));
    }

    /// <summary>A CREATE TRIGGER's body (SQLite) runs BEGIN … END with semicolons inside; a plain BEGIN is a transaction.</summary>
    private static bool IsTriggerOrBlock(StringBuilder current)
    {
        var words = Words(current.ToString());
        return words.Contains("TRIGGER", StringComparer.OrdinalIgnoreCase);
    }

    private static string? DollarTag(string sql, int i)
    {
        var end = i + 1;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' && (end == i + 1 || !char.IsDigit(sql[i + 1])) ? sql[i..(end + 1)] : null;
    }

    private static bool At(string sql, int i, string token) => string.CompareOrdinal(sql, i, token, 0, token.Length) == 0;

    private static int Count(string sql, int from, int to)
    {
        var n = 0;
        for (var k = from; k < to; k++)
        {
            if (sql[k] == '\n')
            {
                n++;
            }
        }

        return n;
    }
}
