using Microsoft.AspNetCore.Http;
using Slipway.Server.Flags;

namespace Slipway.Server.Api;

/// <summary>
/// Turns a <see cref="FlagRequestException"/> into problem details. An invalid definition also carries
/// <c>pointer</c> and <c>reason</c> (the first problem) and <c>errors</c> (all of them).
/// </summary>
internal sealed class FlagsProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (FlagRequestException p)
        {
            return ToResult(p);
        }
    }

    public static IResult ToResult(FlagRequestException p)
    {
        Dictionary<string, object?>? extensions = null;
        if (p.Errors.Count > 0)
        {
            extensions = new Dictionary<string, object?>
            {
                ["pointer"] = p.Errors[0].Pointer,
                ["reason"] = p.Errors[0].Reason,
                ["errors"] = p.Errors.Select(e => new Dictionary<string, string> { ["pointer"] = e.Pointer, ["reason"] = e.Reason }).ToList(),
            };
        }

        return TypedResults.Problem(title: p.Title, detail: p.Message, statusCode: p.Status, extensions: extensions);
    }
}
