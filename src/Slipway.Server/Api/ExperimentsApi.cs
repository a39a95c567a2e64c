using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Flags;
using Slipway.Flags.Experiments;
using Slipway.Server.Auth;
using Slipway.Server.Flags;
using Slipway.Server.Journal;

namespace Slipway.Server.Api;

/// <summary>
/// Experiment results. An experiment is a flag split by <c>fractional</c> plus a goal event: the <c>goal</c> query
/// parameter, else the flag's metadata <c>goal</c>. The control is metadata <c>control</c>, else the default variant.
/// </summary>
internal static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/services/{service}/experiments/{key}/results", (string service, string key, string? environment, string? goal, string? control, FlagService flags, EventJournal journal) =>
            {
                var scope = FlagService.Scope(service, environment);
                var flag = flags.Get(scope, key);
                var goalName = goal ?? Text(flag, "goal")
                    ?? throw new SlipwayProblemException(400, "No goal", $"Flag '{key}' names no goal event: add \"goal\" to its metadata, or pass ?goal=NAME.");
                var controlName = control ?? Text(flag, "control") ?? flag.DefaultVariant ?? flag.VariantNames.FirstOrDefault()
                    ?? throw new SlipwayProblemException(409, "No variants", $"Flag '{key}' has no variants.");
                if (!flag.Variants.ContainsKey(controlName))
                {
                    throw new SlipwayProblemException(400, "Unknown control", $"Flag '{key}' has no variant '{controlName}'.");
                }

                var (counts, dropped) = journal.Read(s =>
                {
                    var set = s.Flags.Find(scope);
                    return (set?.Experiments.Observe(key, goalName) ?? [], set?.Experiments.Dropped ?? 0);
                });
                var observations = flag.VariantNames
                    .Concat(counts.Keys.Where(k => !flag.Variants.ContainsKey(k)))
                    .Select(v => new VariantObservation(v, counts.GetValueOrDefault(v).Exposures, counts.GetValueOrDefault(v).Conversions))
                    .ToList();
                var weights = ExperimentAnalysis.DeclaredWeights(flag);
                var result = ExperimentAnalysis.Analyze(observations, controlName, weights);
                var warnings = new List<string>();
                if (weights is null)
                {
                    warnings.Add("the flag has no fractional split, so it is not an experiment: no sample-ratio check");
                }

                if (result.SampleRatio is { Mismatch: true } srm)
                {
                    warnings.Add($"sample ratio mismatch (chi-squared {srm.ChiSquared:0.0}, p = {srm.PValue:0.####}): exposures do not follow the declared split; do not trust these results");
                }

                if (dropped > 0)
                {
                    warnings.Add($"SDKs dropped {dropped} events because their buffers were full");
                }

                if (observations.Sum(o => o.Exposures) == 0)
                {
                    warnings.Add("no exposures yet: SDKs report them for flags whose metadata has \"experiment\": true");
                }

                return TypedResults.Ok(new ExperimentResultsResponse(scope.Service, scope.Environment, key, goalName, controlName, result.Variants, result.SampleRatio, weights, dropped, warnings));
            })
            .AddEndpointFilter<ProblemFilter>()
            .WithTags("Experiments")
            .RequireScope(TokenScope.Read);
        return routes;
    }

    private static string? Text(FlagDefinition flag, string name) =>
        flag.Metadata.TryGetValue(name, out var value) && value.TryGetString(out var text) && text.Length > 0 ? text : null;
}
