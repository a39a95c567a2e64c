namespace Slipway.Core.Config;

/// <summary>
/// The <c>migrations:</c> section: where the ordered SQL files live, which database they run on, and the service secret
/// that holds its connection string. Expand files run in the pipeline's migrate step; contract files (marked
/// <c>-- slipway: contract</c> or kept in <c>contract/</c>) wait until the release that stopped using the old shape is
/// promoted and its watch window has passed.
/// </summary>
public sealed record MigrationsConfig
{
    /// <summary>The secret read by default for the connection string.</summary>
    public const string DefaultSecret = "DATABASE_URL";

    /// <summary>Folder, relative to the repository, with the ordered <c>*.sql</c> files; null when <see cref="Ef"/> is set.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// The EF Core project (a <c>.csproj</c> relative to the repository) with the DbContext and its Migrations; null when
    /// <see cref="Path"/> is set. Its migrations are scripted by <c>dotnet ef</c> (a tool of the repository's manifest) and
    /// each one goes through the gate as one migration named by its id; a migration whose name starts with
    /// <c>Contract</c> is a contract.
    /// </summary>
    public string? Ef { get; init; }

    public required MigrationDatabase Database { get; init; }

    /// <summary>The name of the service secret that holds the connection string (a file path for SQLite).</summary>
    public string Secret { get; init; } = DefaultSecret;

    /// <summary>
    /// The service's database tests: a shell command that the gate's third check runs in a checkout of the release in
    /// production (its own slipway.yml's value), with the secret pointed at the migrated scratch database and
    /// <c>SLIPWAY_OLD_URL</c> at that release's instance; e.g. <c>dotnet test --filter Category=Database</c>. Null: the
    /// self-test only.
    /// </summary>
    public string? Tests { get; init; }

    /// <summary>Findings of the gate that a person accepted, each with the reason that is journaled.</summary>
    public IReadOnlyList<MigrationAcknowledgement> Acknowledge { get; init; } = [];

    /// <summary>Where a migration is, for messages: <c>db/001_add.sql</c>, or <c>src/Todo.Api/Todo.Api.csproj migration 20261201000002_AddTitle</c>.</summary>
    public string Where(string file) => Ef is { } project ? $"{project} migration {file}" : $"{(Path ?? "").TrimEnd('/')}/{file}";
}

/// <summary>The database engine that <see cref="MigrationsConfig"/> targets.</summary>
public enum MigrationDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>One accepted finding: <paramref name="Rule"/> in <paramref name="File"/>, and why it is safe here.</summary>
public sealed record MigrationAcknowledgement(string Rule, string File, string Reason);
