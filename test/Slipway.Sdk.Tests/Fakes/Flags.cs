namespace Slipway.Sdk.Tests.Fakes;

internal static class Flags
{
    public const string Checkout = """
        {
          "flags": {
            "new-checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "off",
              "targeting": { "if": [{ "in": [{ "var": "targetingKey" }, ["user-1"]] }, "on", "off"] }
            },
            "greeting": { "state": "ENABLED", "variants": { "classic": "Hello", "new": "Hi" }, "defaultVariant": "classic" },
            "limit": { "state": "ENABLED", "variants": { "low": 10, "huge": 10000000000 }, "defaultVariant": "low" },
            "ratio": { "state": "ENABLED", "variants": { "a": 0.25 }, "defaultVariant": "a" },
            "layout": { "state": "ENABLED", "variants": { "wide": { "columns": 3 } }, "defaultVariant": "wide" },
            "button-color": {
              "state": "ENABLED",
              "variants": { "blue": "blue", "green": "green" },
              "defaultVariant": "blue",
              "targeting": { "fractional": [["blue", 50], ["green", 50]] },
              "metadata": { "experiment": true }
            }
          }
        }
        """;

    public const string GreetingNew = """{ "state": "ENABLED", "variants": { "classic": "Hello", "new": "Hi" }, "defaultVariant": "new" }""";
}
