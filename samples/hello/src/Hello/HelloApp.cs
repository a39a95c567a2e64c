using Slipway.Sdk;
using Slipway.Sdk.Outcomes;

namespace Hello;

/// <summary>Builds the web application; tests use the same code with their own configuration.</summary>
public static class HelloApp
{
    public static WebApplication Create(string[] args) => Build(CreateBuilder(args));

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // No file watcher for appsettings.json: instances start faster, and many of them do not run out of inotify handles.
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            // appsettings.json is found next to Hello.dll, whatever the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Services.AddSingleton<Greeter>();
        builder.Services.AddSingleton<SelfTest>();
        builder.Services.AddSingleton<GuestBook>();
        builder.Services.AddSingleton<RequestMetrics>();
        builder.Services.AddSingleton<Checkout>();
        builder.Services.AddSingleton(new ErrorInjector(Faults.ErrorEveryNth));
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// Slipway flags: streamed from the server named by Slipway:ServerUrl (the environment variable Slipway__ServerUrl),
    /// else read from Slipway:FlagsJson (tests) or the flags.json shipped next to Hello.dll.
    /// </summary>
    private static void AddFlags(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var shipped = Path.Combine(AppContext.BaseDirectory, "flags.json");
        builder.Services.AddSlipway(o =>
        {
            o.ServerUrl = config["Slipway:ServerUrl"] is { Length: > 0 } url ? new Uri(url) : null;
            o.Service = config["SLIPWAY_SERVICE"] is { Length: > 0 } service ? service : "hello";
            o.StartupTimeout = TimeSpan.FromSeconds(3);
            o.FlagsJson = config["Slipway:FlagsJson"];
            o.FlagsFile = o.FlagsJson is null && File.Exists(shipped) ? shipped : null;
            o.SelfTestRequiresFlags = false;
            // The outcomes per flag and variant go to the server every second, for guarded rollouts' cohort judge.
            o.EventFlushInterval = TimeSpan.FromSeconds(1);
        });
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Here rather than in CreateBuilder, so that configuration added in between (tests) is seen.
        AddFlags(builder);
        var app = builder.Build();
        // Counts each request's status class and duration per flag variant it was served (Slipway.Sdk).
        app.UseSlipwayOutcomes();
        app.UseRequestMetrics();
        app.MapHelloApi();
        return app;
    }
}
