using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Flags;
using Slipway.Server.Api;
using Slipway.Server.Flags;

namespace Slipway.Server.Tests.Api;

/// <summary>
/// A <see cref="SlipwayProblemException"/> is the same problem details wherever it is thrown: inside an API group's
/// filter, or from an endpoint that has no filter at all (before, a flag problem there became a 500).
/// </summary>
public sealed class ProblemMappingTests : IAsyncLifetime
{
    private static readonly SlipwayProblemException InvalidFlag = FlagProblems.Invalid(
        "Invalid flag definition",
        [new FlagDefinitionError("/flags/greeting/state", "state must be ENABLED or DISABLED"), new FlagDefinitionError("/flags/greeting/variants", "no variants")]);

    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSlipwayProblemDetails();
        _app = builder.Build();
        _app.UseSlipwayProblemDetails();
        _app.MapGet("/outside/flag", IResult () => throw InvalidFlag);
        _app.MapGet("/outside/conflict", IResult () => throw new SlipwayProblemException(409, "Busy", "Try again later."));
        _app.MapGroup("/inside").AddEndpointFilter<ProblemFilter>().MapGet("/flag", IResult () => throw InvalidFlag);
        _app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path == "/middleware")
            {
                throw FlagProblems.NotFound(new FlagScope("svc", "production"), "greeting");
            }

            await next(context);
        });
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_flag_problem_thrown_outside_any_filter_is_its_400_with_pointer_reason_and_errors_not_a_500()
    {
        var problem = await ProblemAsync("outside/flag", HttpStatusCode.BadRequest);

        Assert.Equal("Invalid flag definition", problem.GetProperty("title").GetString());
        Assert.Equal("/flags/greeting/state: state must be ENABLED or DISABLED (and 1 more)", problem.GetProperty("detail").GetString());
        Assert.Equal("/flags/greeting/state", problem.GetProperty("pointer").GetString());
        Assert.Equal("state must be ENABLED or DISABLED", problem.GetProperty("reason").GetString());
        Assert.Equal(2, problem.GetProperty("errors").GetArrayLength());
        Assert.Equal("/flags/greeting/variants", problem.GetProperty("errors")[1].GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task A_problem_thrown_outside_any_filter_keeps_its_status_title_and_detail()
    {
        var problem = await ProblemAsync("outside/conflict", HttpStatusCode.Conflict);

        Assert.Equal("Busy", problem.GetProperty("title").GetString());
        Assert.Equal("Try again later.", problem.GetProperty("detail").GetString());
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_problem_thrown_by_middleware_before_any_endpoint_is_its_404()
    {
        var problem = await ProblemAsync("middleware", HttpStatusCode.NotFound);

        Assert.Equal("Unknown flag", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_filter_and_the_exception_handler_write_the_same_problem()
    {
        var inside = await ProblemAsync("inside/flag", HttpStatusCode.BadRequest);
        var outside = await ProblemAsync("outside/flag", HttpStatusCode.BadRequest);

        foreach (var member in new[] { "type", "title", "status", "detail", "pointer", "reason", "errors" })
        {
            Assert.Equal(inside.GetProperty(member).GetRawText(), outside.GetProperty(member).GetRawText());
        }
    }

    private async Task<JsonElement> ProblemAsync(string path, HttpStatusCode status)
    {
        using var response = await _http.GetAsync(path, Ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}
