namespace Slipway.Flags.Tests;

internal static class TestFlags
{
    /// <summary>A rollout flag like the benchmark's: three rules, then a 20/80 split.</summary>
    public const string Rollout = """
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
                  { ">=": [{ "var": "accountAgeDays" }, 365] }, "on",
                  { "fractional": [["on", 20], ["off", 80]] }
                ]
              },
              "metadata": { "owner": "checkout-team" }
            },
            "greeting": {
              "state": "ENABLED",
              "variants": { "classic": "Hello", "new": "Hi there" },
              "defaultVariant": "classic",
              "targeting": {
                "if": [
                  { "ends_with": [{ "var": "email" }, "@example.com"] }, "new",
                  { "fractional": [["new", 50], ["classic", 50]] }
                ]
              }
            },
            "static-flag": { "state": "ENABLED", "variants": { "a": "A", "b": "B" }, "defaultVariant": "a" },
            "disabled-flag": { "state": "DISABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" },
            "limit": { "state": "ENABLED", "variants": { "low": 10, "high": 1000 }, "defaultVariant": "low" },
            "ratio": { "state": "ENABLED", "variants": { "low": 0.25, "high": 0.75 }, "defaultVariant": "high" },
            "layout": { "state": "ENABLED", "variants": { "wide": { "columns": 3 }, "narrow": { "columns": 1 } }, "defaultVariant": "wide" }
          }
        }
        """;

    public static FlagEvaluator Evaluator(string json = Rollout, TimeProvider? time = null) => new(FlagDocument.Parse(json), time);

    public static string SingleFlag(string flagJson) => $$"""{ "flags": { "f": {{flagJson}} } }""";
}
