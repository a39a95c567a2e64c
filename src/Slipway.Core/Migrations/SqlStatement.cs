namespace Slipway.Core.Migrations;

/// <summary>One statement of a migration file: its text without the trailing semicolon, and the line it starts on (1-based).</summary>
public sealed record SqlStatement(string Text, int Line)
{
    /// <summary>Whether a keyword appears in the statement outside strings, quoted names and comments (case-insensitive).</summary>
    public bool HasKeyword(string keyword) => SqlStatements.Words(Text).Contains(keyword, StringComparer.OrdinalIgnoreCase);
}
