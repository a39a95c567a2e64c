namespace Todo.Tests;

/// <summary>A data folder for one test, deleted afterwards.</summary>
public sealed class TempData : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("todo-tests-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
