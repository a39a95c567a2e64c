using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Slipway.Server.Api;

/// <summary>
/// The one way a <see cref="SlipwayProblemException"/> becomes problem details, for the endpoint filter and for the global
/// exception handler alike: its status, title, detail and extension members. Malformed requests are 400, anything else 500.
/// </summary>
internal static class ProblemMapping
{
    /// <summary>Problem details for every error, with our problems' own status, title, detail and extensions.</summary>
    public static IServiceCollection AddSlipwayProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Customize);

    /// <summary>
    /// The global exception handler: whatever escapes an endpoint becomes problem details. One of our problems keeps its
    /// 4xx here too, wherever it was thrown, and is not logged as an unhandled error.
    /// </summary>
    public static IApplicationBuilder UseSlipwayProblemDetails(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusFor,
            SuppressDiagnosticsCallback = c => c.Exception is SlipwayProblemException,
        });

    public static int StatusFor(Exception exception) => exception switch
    {
        SlipwayProblemException p => p.Status,
        BadHttpRequestException b => b.StatusCode,
        System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult ToResult(SlipwayProblemException p) =>
        TypedResults.Problem(title: p.Title, detail: p.Message, statusCode: p.Status, extensions: p.Extensions);

    /// <summary>The exception handler's body for one of our problems says what the filter's would.</summary>
    private static void Customize(ProblemDetailsContext context)
    {
        if (context.Exception is not SlipwayProblemException p)
        {
            return;
        }

        context.ProblemDetails.Status = p.Status;
        context.ProblemDetails.Title = p.Title;
        context.ProblemDetails.Detail = p.Message;
        foreach (var (key, value) in p.Extensions)
        {
            context.ProblemDetails.Extensions[key] = value;
        }
    }
}
