using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway flags rollout &lt;key&gt; &lt;percent&gt; --service S [--variant V]`: that share of users (by targeting key) get the
/// variant. With `--guarded 1,5,25,50,100 [--min-step 30s] [--goal checkout:2%]` the server raises the share step by
/// step, each step judged by the cohort judge, and sets the flag back to its last safe state on a regression.
/// </summary>
internal static class FlagsRolloutCommand
{
    public static Command Create()
    {
        var key = FlagsKey.Argument();
        var percentArgument = new Argument<string?>("percent") { Description = "the share of users, 0 to 100 (a trailing % is fine); not with --guarded", Arity = ArgumentArity.ZeroOrOne };
        var variant = CliOptions.Text("--variant", "the variant those users get (default: the flag's 'on' variant)", "VARIANT");
        var guarded = CliOptions.Text("--guarded", "a guarded rollout through these rising percentages, each judged on the flag-on cohort against the flag-off cohort", "1,5,25,50,100");
        var minStep = CliOptions.Text("--min-step", "with --guarded: each step's minimum time (default 30s)", "DURATION");
        var goals = new Option<string[]>("--goal") { Description = "with --guarded: a goal that must not drop by more than the share, e.g. checkout:2% (repeatable)", HelpName = "NAME:DROP", AllowMultipleArgumentsPerToken = false };
        var (command, target) = FlagsTargetOptions.Command("rollout", "that share of users (by targeting key) get the variant");
        command.Add(key);
        command.Add(percentArgument);
        command.Add(variant);
        command.Add(guarded);
        command.Add(minStep);
        command.Add(goals);
        command.SetAction((parse, ct) => parse.GetValue(guarded) is { } steps
            ? GuardedAsync(target.Read(parse), parse.GetValue(key)!, parse.GetValue(percentArgument), steps, parse.GetValue(minStep), parse.GetValue(goals) ?? [], parse.GetValue(variant), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct)
            : RunAsync(target.Read(parse), parse.GetValue(key)!, parse.GetValue(percentArgument) ?? throw new UsageException("give the percent (0 to 100), or --guarded with the steps."), parse.GetValue(variant), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> GuardedAsync(FlagsTarget target, string key, string? percent, string stepsText, string? minStepText, IReadOnlyList<string> goalTexts, string? variant, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (percent is not null)
        {
            throw new UsageException("--guarded takes its percentages from the steps; leave out the percent argument.");
        }

        var steps = new List<int>();
        foreach (var part in stepsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) || step is < 1 or > 100)
            {
                throw new UsageException($"--guarded is a list of rising percentages from 1 to 100 such as 1,5,25,50,100; '{part}' is not one.");
            }

            steps.Add(step);
        }

        var minStep = TimeSpan.FromSeconds(30);
        if (minStepText is not null && !Slipway.Core.Config.DurationText.TryParse(minStepText, out minStep))
        {
            throw new UsageException($"--min-step is a duration such as 30s or 2m, not '{minStepText}'.");
        }

        var goals = new List<object>();
        foreach (var goal in goalTexts)
        {
            var colon = goal.LastIndexOf(':');
            if (colon <= 0 || !double.TryParse(goal[(colon + 1)..].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var drop))
            {
                throw new UsageException($"--goal is NAME:DROP such as checkout:2%, not '{goal}'.");
            }

            goals.Add(new { name = goal[..colon], maxDrop = drop / 100 });
        }

        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Post, target.Flag(key, "guarded"), JsonSerializer.Serialize(new { steps, minStepSeconds = minStep.TotalSeconds, variant, goals }), ct);
        if (error is not null)
        {
            return await FlagsOutput.ErrorAsync(error, stderr);
        }

        await stdout.WriteLineAsync($"flag {key}: guarded rollout through {string.Join(", ", steps.Select(s => s.ToString(CultureInfo.InvariantCulture) + "%"))}, each step at least {Slipway.Core.Config.DurationText.Format(minStep)}, judged on the flag-on cohort against the flag-off cohort");
        await stdout.WriteLineAsync($"  {body.GetProperty("line").GetString()}");
        return 0;
    }

    public static async Task<int> RunAsync(FlagsTarget target, string key, string percentText, string? variant, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var text = percentText.TrimEnd('%');
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
        {
            throw new UsageException($"percent must be a whole number from 0 to 100, not '{text}'.");
        }

        using var api = new ApiClient(target.Server);
        var (body, error) = await api.SendJsonAsync(HttpMethod.Post, target.Flag(key, "rollout"), JsonSerializer.Serialize(new { percent, variant }), ct);
        return error is not null ? await FlagsOutput.ErrorAsync(error, stderr) : await FlagsOutput.ChangeAsync(body, stdout);
    }
}
