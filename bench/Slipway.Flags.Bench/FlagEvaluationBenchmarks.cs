using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Slipway.Sdk;
using Slipway.Sdk.Flags;

namespace Slipway.Flags.Bench;

/// <summary>
/// One boolean flag with three targeting rules and a 20% split, against Microsoft.FeatureManagement's targeting
/// filter with the same users, groups and percentage. Two users: one listed by name (first rule), and one who falls
/// through every rule to the percentage (the worst case for both).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FlagEvaluationBenchmarks
{
    public const string FlagsJson = """
        {
          "flags": {
            "new-checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "off",
              "targeting": {
                "if": [
                  { "in": [{ "var": "targetingKey" }, ["user-1", "user-2", "user-3"]] }, "on",
                  { "in": [{ "var": "group" }, ["beta-testers", "staff"]] }, "on",
                  { ">=": [{ "var": "accountAgeDays" }, 3650] }, "on",
                  { "fractional": [["on", 20], ["off", 80]] }
                ]
              }
            }
          }
        }
        """;

    private FlagEvaluator _evaluator = null!;
    private FlagClient _client = null!;
    private IFeatureManager _featureManager = null!;
    private ServiceProvider _sdkServices = null!;
    private ServiceProvider _fmServices = null!;
    private EvaluationContext _listedUser = null!;
    private EvaluationContext _rolloutUser = null!;
    private TargetingContext _fmListedUser = null!;
    private TargetingContext _fmRolloutUser = null!;

    [GlobalSetup]
    public void Setup()
    {
        _evaluator = new FlagEvaluator(FlagDocument.Parse(FlagsJson));

        var sdk = new ServiceCollection();
        sdk.AddLogging();
        sdk.AddSlipway(o => o.FlagsJson = FlagsJson);
        _sdkServices = sdk.BuildServiceProvider();
        foreach (var hosted in _sdkServices.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _client = _sdkServices.GetRequiredService<FlagClient>();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FeatureManagement:NewCheckout:EnabledFor:0:Name"] = "Microsoft.Targeting",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Users:0"] = "user-1",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Users:1"] = "user-2",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Users:2"] = "user-3",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Groups:0:Name"] = "beta-testers",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Groups:0:RolloutPercentage"] = "100",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Groups:1:Name"] = "staff",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:Groups:1:RolloutPercentage"] = "100",
            ["FeatureManagement:NewCheckout:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = "20",
        }).Build();
        var fm = new ServiceCollection();
        fm.AddSingleton<IConfiguration>(configuration);
        fm.AddLogging();
        fm.AddFeatureManagement();
        _fmServices = fm.BuildServiceProvider();
        _featureManager = _fmServices.GetRequiredService<IFeatureManager>();

        _listedUser = EvaluationContext.CreateBuilder("user-2").Set("group", "customers").Set("accountAgeDays", 12).Build();
        _rolloutUser = EvaluationContext.CreateBuilder("visitor-7").Set("group", "customers").Set("accountAgeDays", 12).Build();
        _fmListedUser = new TargetingContext { UserId = "user-2", Groups = ["customers"] };
        _fmRolloutUser = new TargetingContext { UserId = "visitor-7", Groups = ["customers"] };

        if (!Slipway_engine_listed_user() || !FeatureManagement_listed_user() || !Slipway_sdk_listed_user())
        {
            throw new InvalidOperationException("the listed user must get the feature in every implementation");
        }

        _ = Slipway_engine_rollout_user();
        _ = FeatureManagement_rollout_user();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var hosted in _sdkServices.GetServices<IHostedService>())
        {
            hosted.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _sdkServices.Dispose();
        _fmServices.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("listed-user")]
    public bool FeatureManagement_listed_user() => _featureManager.IsEnabledAsync("NewCheckout", _fmListedUser).GetAwaiter().GetResult();

    [Benchmark]
    [BenchmarkCategory("listed-user")]
    public bool Slipway_engine_listed_user() => _evaluator.EvaluateBoolean("new-checkout", false, _listedUser).Value;

    [Benchmark]
    [BenchmarkCategory("listed-user")]
    public bool Slipway_sdk_listed_user() => _client.GetBoolean("new-checkout", false, _listedUser);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("rollout-user")]
    public bool FeatureManagement_rollout_user() => _featureManager.IsEnabledAsync("NewCheckout", _fmRolloutUser).GetAwaiter().GetResult();

    [Benchmark]
    [BenchmarkCategory("rollout-user")]
    public bool Slipway_engine_rollout_user() => _evaluator.EvaluateBoolean("new-checkout", false, _rolloutUser).Value;

    [Benchmark]
    [BenchmarkCategory("rollout-user")]
    public bool Slipway_sdk_rollout_user() => _client.GetBoolean("new-checkout", false, _rolloutUser);
}
