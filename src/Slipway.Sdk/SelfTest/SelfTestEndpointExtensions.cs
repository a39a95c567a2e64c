using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Slipway.Sdk.SelfTest;

public static class SelfTestEndpointExtensions
{
    /// <summary>
    /// Maps the self-test Slipway calls on every new instance: 200 with <c>{"status":"pass","checks":[...]}</c>,
    /// or 503 with the same body when any check fails.
    /// </summary>
    public static RouteHandlerBuilder MapSlipwaySelfTest(this IEndpointRouteBuilder endpoints, string pattern = "/selftest")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, RunAsync).ExcludeFromDescription();
    }

    private static async Task<Results<Ok<SelfTestReport>, JsonHttpResult<SelfTestReport>>> RunAsync(SelfTestRunner runner, CancellationToken cancellationToken)
    {
        var report = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        return report.Passed
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
