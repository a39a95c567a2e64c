using Slipway.TestKit;

namespace Slipway.Server.Tests.Api;

/// <summary>One server for the API error tests, with a registered service "known" whose only commit fails its config step.</summary>
public sealed class ApiServer : IAsyncLifetime
{
    public TestBed Bed { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Bed = await TestBed.CreateAsync("api", ct);
        await Bed.CommitYamlAsync("build: \"true\"\n", "incomplete config", ct);
        await Bed.StartServerAsync(ct);
        await Bed.Api.RegisterAsync("known", Bed.Repository.Path, ct);
    }

    public async ValueTask DisposeAsync() => await Bed.DisposeAsync();
}
