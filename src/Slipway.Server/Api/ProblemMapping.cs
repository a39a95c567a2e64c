using Microsoft.AspNetCore.Http;
using Slipway.Server.Services;

namespace Slipway.Server.Api;

/// <summary>Maps exceptions to problem-details status codes: our own problems keep their status, malformed requests are 400.</summary>
internal static class ProblemMapping
{
    public static int StatusFor(Exception exception) => exception switch
    {
        SlipwayProblemException p => p.Status,
        BadHttpRequestException b => b.StatusCode,
        System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult ToResult(SlipwayProblemException p) =>
        TypedResults.Problem(title: p.Title, detail: p.Message, statusCode: p.Status);
}
