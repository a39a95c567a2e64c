using System.Text.Json;

namespace Slipway.Server.Flags;

/// <summary>One flag as the API shows it: a summary for tables, and the flagd definition as stored.</summary>
/// <param name="Rule">One readable line: "static", "split: on 10 %, off 90 %", "targeting rules".</param>
/// <param name="Serves">What evaluations get, so ENABLED never hides "off to everyone": "off to everyone",
/// "on 10 %, off 90 %", "by targeting rules, else off", or "the caller's default (disabled)".</param>
/// <param name="Guarded">The flag's latest guarded rollout, if it had one: its state and, once ended, its line.</param>
public sealed record FlagView(string Key, string State, string? DefaultVariant, IReadOnlyList<string> Variants, string Rule, JsonElement Definition, string? Serves = null, GuardedRolloutView? Guarded = null);
