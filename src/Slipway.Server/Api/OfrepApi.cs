using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Slipway.Flags;
using Slipway.Server.Auth;
using Slipway.Server.Flags;

namespace Slipway.Server.Api;

/// <summary>
/// OpenFeature Remote Evaluation Protocol (OFREP) v1: single and bulk evaluation, so any OpenFeature SDK can use
/// Slipway flags. The service is the <c>X-Slipway-Service</c> header, the environment <c>X-Slipway-Environment</c>
/// (production by default); the evaluation context is the body's <c>context</c>. Errors use OFREP's own shapes
/// (<c>{"key","errorCode","errorDetails"}</c>), which OFREP clients parse, rather than problem details.
/// </summary>
internal static class OfrepApi
{
    public const string ServiceHeader = "X-Slipway-Service";
    public const string EnvironmentHeader = "X-Slipway-Environment";

    public static IEndpointRouteBuilder MapOfrepApi(this IEndpointRouteBuilder routes)
    {
        var ofrep = routes.MapGroup("/ofrep/v1").AddEndpointFilter<ProblemFilter>().WithTags("OFREP").RequireScope(TokenScope.Sdk);
        ofrep.MapPost("/evaluate/flags/{key}", EvaluateAsync);
        ofrep.MapPost("/evaluate/flags", EvaluateAllAsync);
        ofrep.MapGet("/configuration", () => TypedResults.Ok(new Dictionary<string, object>
        {
            ["name"] = "slipway",
            ["capabilities"] = new Dictionary<string, object>
            {
                ["cacheInvalidation"] = new Dictionary<string, object> { ["polling"] = new Dictionary<string, object> { ["enabled"] = true, ["minPollingIntervalMs"] = 1000 } },
                ["flagEvaluation"] = new Dictionary<string, object> { ["supportedTypes"] = new[] { "boolean", "string", "int", "float", "object" } },
            },
        }));
        return routes;
    }

    private static async Task EvaluateAsync(HttpContext http, string key, FlagService flags, TimeProvider time)
    {
        var (scope, context, failure) = await ReadRequestAsync(http);
        if (failure is not null)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, w => Failure(w, key, failure.Value.Code, failure.Value.Details));
            return;
        }

        var details = flags.CurrentSnapshot(scope).Evaluator(time).Evaluate(key, context);
        var status = details.ErrorCode switch
        {
            FlagErrorCode.None => StatusCodes.Status200OK,
            FlagErrorCode.FlagNotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        await WriteAsync(http, status, w => Result(w, details));
    }

    private static async Task EvaluateAllAsync(HttpContext http, FlagService flags, TimeProvider time)
    {
        var (scope, context, failure) = await ReadRequestAsync(http);
        if (failure is not null)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, w =>
            {
                w.WriteStartObject();
                w.WriteString("errorCode", failure.Value.Code);
                w.WriteString("errorDetails", failure.Value.Details);
                w.WriteEndObject();
            });
            return;
        }

        var snapshot = flags.CurrentSnapshot(scope);
        var results = snapshot.Evaluator(time).EvaluateAll(context, http.RequestAborted);
        var body = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartArray("flags");
            foreach (var details in results.OrderBy(r => r.FlagKey, StringComparer.Ordinal))
            {
                Result(w, details);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        // The answer depends on the flags and on the context, so the tag is a hash of the answer itself.
        var etag = $"\"{snapshot.Version.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(SHA256.HashData(body.WrittenSpan)[..8])}\"";
        http.Response.Headers.ETag = etag;
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(body.WrittenMemory, http.RequestAborted);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<(FlagScope Scope, EvaluationContext Context, (string Code, string Details)? Failure)> ReadRequestAsync(HttpContext http)
    {
        var service = http.Request.Headers[ServiceHeader].ToString();
        var environment = http.Request.Headers[EnvironmentHeader].ToString();
        FlagScope scope;
        try
        {
            scope = FlagService.Scope(service, environment);
        }
        catch (SlipwayProblemException ex)
        {
            return (default, EvaluationContext.Empty, ("INVALID_CONTEXT", string.IsNullOrEmpty(service)
                ? $"name the service in the {ServiceHeader} header (and the environment in {EnvironmentHeader}, production by default)"
                : ex.Message));
        }

        CallerAccess.EnsureService(http, scope.Service);

        if (http.Request.ContentLength == 0)
        {
            return (scope, EvaluationContext.Empty, null);
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            var context = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("context", out var c)
                ? EvaluationContext.FromJson(c)
                : EvaluationContext.Empty;
            return (scope, context, null);
        }
        catch (JsonException ex)
        {
            return (scope, EvaluationContext.Empty, ("INVALID_CONTEXT", $"the body is not JSON: {ex.Message}"));
        }
    }

    private static void Result(Utf8JsonWriter w, EvaluationDetails<FlagValue> details)
    {
        if (details.ErrorCode != FlagErrorCode.None)
        {
            Failure(w, details.FlagKey, details.ErrorCode.ToWireName()!, details.ErrorMessage ?? details.ErrorCode.ToWireName()!);
            return;
        }

        w.WriteStartObject();
        w.WriteString("key", details.FlagKey);
        w.WriteString("reason", details.Reason.ToWireName());
        if (details.Variant is { } variant)
        {
            // No value when no variant applies (disabled, or no default variant): OFREP's codeDefaultFlag, the caller's default.
            w.WriteString("variant", variant);
            w.WritePropertyName("value");
            details.Value.WriteTo(w);
        }

        if (details.Metadata.Count > 0)
        {
            w.WriteStartObject("metadata");
            foreach (var (name, value) in details.Metadata)
            {
                w.WritePropertyName(name);
                value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Failure(Utf8JsonWriter w, string key, string code, string details)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteString("errorCode", code);
        w.WriteString("errorDetails", details);
        w.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        using (var w = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            write(w);
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
