namespace Slipway.Core.Migrations;

/// <summary>
/// An expand only adds (tables, nullable columns, columns with defaults, indexes built concurrently, batched backfills):
/// it runs before wave 1. A contract removes or tightens what an older version still uses: it waits until no such
/// version is left.
/// </summary>
public enum MigrationPhase
{
    Expand,
    Contract,
}
