using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Todo.Tests;

/// <summary>The app in memory, with its database in a data folder of its own (as <c>SLIPWAY_DATA_DIR</c> gives it).</summary>
public sealed class TodoHost(string dataDirectory) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("SLIPWAY_DATA_DIR", DataDirectory);
}
