namespace Slipway.Server.Migrations;

/// <summary>
/// What running one statement on the scratch database did: the error the database gave, if any, and the table locks
/// the statement's transaction held (PostgreSQL: from pg_locks, as "table mode").
/// </summary>
internal sealed record StatementOutcome(string? Error, IReadOnlyList<string> Locks, string? Rule = null)
{
    public static readonly StatementOutcome Ok = new(null, []);
}
