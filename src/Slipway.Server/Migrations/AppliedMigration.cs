namespace Slipway.Server.Migrations;

/// <summary>A row of the target database's <c>slipway_migrations</c> table: a file that ran, its checksum then, and the run.</summary>
internal sealed record AppliedMigration(string File, string Checksum, string Phase, string RunId, string AppliedAt);
