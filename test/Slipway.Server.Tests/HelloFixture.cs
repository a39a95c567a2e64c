using Slipway.Server.Tests;
using Slipway.TestKit;

[assembly: AssemblyFixture(typeof(HelloFixture))]

namespace Slipway.Server.Tests;

/// <summary>The sample service, published once for the whole test assembly; pipelines in the tests copy it.</summary>
public sealed class HelloFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = TempFolder.Create("hello-published");

    public string Published { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync() =>
        Published = await HelloSample.PublishAsync(_folder.Path, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
