using Microsoft.AspNetCore.Http;

namespace Slipway.Server.Api;

/// <summary>
/// Turns a <see cref="SlipwayProblemException"/> thrown by an endpoint into problem details (<see cref="ProblemMapping"/>).
/// Every API group has it; the global exception handler maps the same exception the same way for anything outside a group.
/// </summary>
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
