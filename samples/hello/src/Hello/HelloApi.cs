using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Slipway.Flags;
using Slipway.Sdk.Flags;

namespace Hello;

public static class HelloApi
{
    public const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapHelloApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Greet);
        endpoints.MapGet("/checkout", CheckOut);
        endpoints.MapGet("/selftest", RunSelfTest);
        endpoints.MapGet("/metrics", (RequestMetrics metrics) => TypedResults.Text(metrics.Render(), PrometheusContentType));
        return endpoints;
    }

    /// <summary>Counts requests and their duration, except for /metrics and /selftest.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<RequestMetrics>();
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/metrics") || path.StartsWithSegments("/selftest"))
            {
                await next(context);
                return;
            }

            var start = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            catch
            {
                metrics.ObserveRequest(StatusCodes.Status500InternalServerError, Stopwatch.GetElapsedTime(start).TotalSeconds);
                throw;
            }

            metrics.ObserveRequest(context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
        });
    }

    internal static Results<ContentHttpResult, ProblemHttpResult> Greet(string? user, Greeter greeter, ErrorInjector errors, RequestMetrics metrics, FlagClient flags, GuestBook guests, HttpResponse response)
    {
        if (errors.ShouldFail(user))
        {
            return TypedResults.Problem("Injected failure (Faults.ErrorEveryNth).", statusCode: StatusCodes.Status500InternalServerError);
        }

        // Deploy is not release: the new greeting ships dark and the flag turns it on per user (sticky by user id).
        var newGreeting = flags.GetBoolean(FlagKeys.NewGreeting, false, EvaluationContext.Create(user));
        response.Headers[FlagKeys.VersionHeader] = flags.Status.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (greeter.Greet(newGreeting) is not { } greeting)
        {
            return TypedResults.Problem($"{GreetingOptions.TextKey} is not configured.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // With a database, every greeting reads a guest: a schema the running code cannot read fails requests at once.
        if (guests.Configured && guests.Guest(user) is { } guest)
        {
            response.Headers["X-Guest"] = guest;
        }

        metrics.GreetingServed();
        return TypedResults.Text(greeting);
    }

    /// <summary>A checkout for the user: the new path when the flag gives it to them, which fails one request in 20.</summary>
    internal static Results<ContentHttpResult, ProblemHttpResult> CheckOut(string? user, FlagClient flags, Checkout checkout)
    {
        var context = EvaluationContext.Create(user);
        if (!checkout.Complete(flags.GetBoolean(FlagKeys.NewCheckout, false, context)))
        {
            return TypedResults.Problem("The new checkout failed (its bug: one request in 20).", statusCode: StatusCodes.Status500InternalServerError);
        }

        flags.Track(Checkout.CompletedGoal, context);
        return TypedResults.Text("checkout completed");
    }

    internal static JsonHttpResult<SelfTestReport> RunSelfTest(SelfTest selfTest)
    {
        var report = selfTest.Run();
        return TypedResults.Json(report, HelloJsonContext.Default.SelfTestReport,
            statusCode: report.Passed ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
