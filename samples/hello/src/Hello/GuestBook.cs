using Microsoft.Data.Sqlite;

namespace Hello;

/// <summary>
/// The guests table in the service's SQLite database, when DATABASE_URL names one (a file path or a connection string);
/// without it the service needs no database. Every greeting reads a guest, so old and new versions serve from the same
/// database during a rollout; the self-test writes and reads a guest in a transaction it rolls back.
/// </summary>
public sealed class GuestBook(IConfiguration configuration)
{
    public const string Variable = "DATABASE_URL";

    /// <summary>The guests the first migration creates, ids 1 to 5.</summary>
    private const int SeededGuests = 5;

    private readonly string? _connection = configuration[Variable] is { Length: > 0 } value
        ? (value.Contains('=', StringComparison.Ordinal) ? value : new SqliteConnectionStringBuilder { DataSource = value, Mode = SqliteOpenMode.ReadWrite }.ConnectionString)
        : null;

    public bool Configured => _connection is not null;

    /// <summary>The guest greeted for this request (by user, over the guests there are); null when there are none.</summary>
    public string? Guest(string? user)
    {
        using var db = Open();
        using var read = db.CreateCommand();
        read.CommandText = $"SELECT {GuestColumns.Read} FROM guests WHERE id = $id";
        read.Parameters.AddWithValue("$id", 1 + ((uint)(user ?? "").GetHashCode(StringComparison.Ordinal) % SeededGuests));
        return read.ExecuteScalar() as string;
    }

    /// <summary>Writes a guest with this version's columns and reads it back, then rolls back: the database works for this code.</summary>
    public SelfTestCheck Check()
    {
        try
        {
            using var db = Open();
            using var tx = db.BeginTransaction();
            using (var write = db.CreateCommand())
            {
                write.Transaction = tx;
                write.CommandText = $"INSERT INTO guests ({string.Join(", ", GuestColumns.Write)}) VALUES ({string.Join(", ", GuestColumns.Write.Select(_ => "'self-test'"))})";
                write.ExecuteNonQuery();
            }

            using (var read = db.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = $"SELECT {GuestColumns.Read} FROM guests WHERE id = last_insert_rowid()";
                var name = read.ExecuteScalar() as string;
                tx.Rollback();
                return name == "self-test"
                    ? new SelfTestCheck("database", SelfTestCheck.Pass, $"guests.{GuestColumns.Read} written and read back")
                    : new SelfTestCheck("database", SelfTestCheck.Fail, $"guests.{GuestColumns.Read} read back {name ?? "nothing"}");
            }
        }
        catch (SqliteException ex)
        {
            return new SelfTestCheck("database", SelfTestCheck.Fail, $"guests: {ex.Message}");
        }
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection(_connection);
        db.Open();
        using var wait = db.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 5000";
        wait.ExecuteNonQuery();
        return db;
    }
}
