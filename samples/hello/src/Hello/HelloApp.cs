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
        builder.Services.AddSingleton<RequestMetrics>();
        builder.Services.AddSingleton(new ErrorInjector(Faults.ErrorEveryNth));
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.UseRequestMetrics();
        app.MapHelloApi();
        return app;
    }
}
