using Microsoft.AspNetCore.Http;
using Slipway.Server.Services;

namespace Slipway.Server.Api;

/// <summary>Turns a <see cref="SlipwayProblemException"/> thrown by an endpoint into problem details with its status and message.</summary>
internal sealed class ProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (SlipwayProblemException p)
        {
            return ProblemMapping.ToResult(p);
        }
    }
}
