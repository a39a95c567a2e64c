using Slipway.Core.Config;

namespace Slipway.Server.Migrations;

internal static class MigrationDatabases
{
    public static IMigrationDatabase Open(MigrationDatabase database, string connection, TimeProvider time) => database switch
    {
        MigrationDatabase.Postgres => new PostgresMigrationDatabase(connection, time),
        _ => new SqliteMigrationDatabase(connection, time),
    };
}
