using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Todo;

/// <summary>Where the SQLite file lives, and creating its schema on start.</summary>
public static class TodoDatabase
{
    /// <summary>
    /// <c>ConnectionStrings:Todo</c> when it is set; otherwise <c>todo.db</c> in the folder <c>SLIPWAY_DATA_DIR</c> names
    /// (a folder that outlives each release) or, when that is unset, in <c>data/</c> under the content root.
    /// Never a path relative to the app itself: the app's folder is replaced by every release.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration.GetConnectionString("Todo") is { Length: > 0 } configured)
        {
            return configured;
        }

        var folder = configuration["SLIPWAY_DATA_DIR"] is { Length: > 0 } data ? data : Path.Combine(environment.ContentRootPath, "data");
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "todo.db") }.ToString();
    }

    public static async Task CreateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDb>();
        await db.Database.EnsureCreatedAsync();
    }
}
