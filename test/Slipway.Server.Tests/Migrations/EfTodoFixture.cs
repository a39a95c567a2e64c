using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Server.Migrations;
using Slipway.Server.Secrets;
using Slipway.Server.Tests.Migrations;
using Slipway.TestKit;

[assembly: AssemblyFixture(typeof(EfTodoFixture))]

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// <see cref="EfTodoProject"/> with all its migrations, written once; dotnet tool restore, build, list and script run for
/// real, once per database and only when a test asks (each takes tens of seconds).
/// </summary>
public sealed class EfTodoFixture : IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create("ef-todo");
    private readonly Lock _gate = new();
    private readonly Dictionary<MigrationDatabase, Task<IReadOnlyList<MigrationFile>>> _reads = [];

    public EfTodoFixture() => EfTodoProject.Write(_folder.Path, EfTodoProject.All);

    /// <summary>The project's migrations as the migrate step reads them for <paramref name="database"/>.</summary>
    internal Task<IReadOnlyList<MigrationFile>> ReadAsync(MigrationDatabase database)
    {
        lock (_gate)
        {
            if (!_reads.TryGetValue(database, out var read))
            {
                read = Read(database);
                _reads[database] = read;
            }

            return read;
        }
    }

    private async Task<IReadOnlyList<MigrationFile>> Read(MigrationDatabase database)
    {
        // One after the other: both would build the same project.
        foreach (var (other, task) in _reads.ToList())
        {
            if (other != database)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        var tooling = new EfMigrations.Tooling(new Dictionary<string, string>(), _folder.Combine($"ef-{database}.log"), TimeSpan.FromMinutes(5), SecretMasker.None, null);
        var (files, error) = await EfMigrations.ReadAsync(_folder.Path, EfTodoProject.Project, database, tooling, TimeProvider.System, CancellationToken.None);
        Assert.True(error is null, error);
        return files;
    }

    public void Dispose() => _folder.Dispose();
}
