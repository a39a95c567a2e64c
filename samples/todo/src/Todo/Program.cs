using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Todo;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDbContext<TodoDb>(options => options.UseSqlite(TodoDatabase.ConnectionString(builder.Configuration, builder.Environment)));
builder.Services.AddHealthChecks().AddDbContextCheck<TodoDb>("database");
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("todo"))
    .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());

var app = builder.Build();

await TodoDatabase.CreateAsync(app.Services);

app.MapTodoApi();
app.MapHealthChecks("/healthz");
app.MapPrometheusScrapingEndpoint();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
