using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Slipway.Sdk;
using Slipway.Sdk.Flags;
using Slipway.Sdk.Outcomes;

namespace Slipway.Flags.Bench;

/// <summary>
/// The cost of <c>UseSlipwayOutcomes</c> per request: the same pipeline (one handler that evaluates the rollout flag
/// and answers 200) with and without the middleware, on a reused <see cref="DefaultHttpContext"/>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OutcomesMiddlewareBenchmarks
{
    private ServiceProvider _services = null!;
    private RequestDelegate _without = null!;
    private RequestDelegate _with = null!;
    private DefaultHttpContext _http = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sdk = new ServiceCollection();
        sdk.AddLogging();
        sdk.AddSlipway(o => o.FlagsJson = FlagEvaluationBenchmarks.FlagsJson);
        _services = sdk.BuildServiceProvider();
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        var client = _services.GetRequiredService<FlagClient>();
        var user = EvaluationContext.CreateBuilder("visitor-7").Set("group", "customers").Set("accountAgeDays", 12).Build();
        RequestDelegate handler = context =>
        {
            context.Response.StatusCode = client.GetBoolean("new-checkout", false, user) ? 200 : 204;
            return Task.CompletedTask;
        };

        var plain = new ApplicationBuilder(_services);
        plain.Run(handler);
        _without = plain.Build();
        var outcomes = new ApplicationBuilder(_services);
        outcomes.UseSlipwayOutcomes();
        outcomes.Run(handler);
        _with = outcomes.Build();
        _http = new DefaultHttpContext();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public bool Request_without_outcomes() => _without(_http).IsCompletedSuccessfully;

    [Benchmark]
    public bool Request_with_outcomes() => _with(_http).IsCompletedSuccessfully;
}
