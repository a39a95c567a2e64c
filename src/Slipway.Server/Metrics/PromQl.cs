using System.Text;

namespace Slipway.Server.Metrics;

/// <summary>Builds the PromQL the Prometheus source sends, quoting label values and escaping instance ids for RE2.</summary>
internal static class PromQl
{
    /// <summary><c>{slipway_service="s",slipway_instance=~"a|b"}</c> plus any extra matchers.</summary>
    public static string Selector(string metric, string service, IReadOnlyList<string> instanceIds, string? extraMatcher = null)
    {
        var ids = string.Join('|', instanceIds.Select(EscapeRegex));
        var matchers = $"{PrometheusLabels.Service}={Quote(service)},{PrometheusLabels.Instance}=~{Quote(ids)}";
        return metric + "{" + matchers + (extraMatcher is null ? "" : "," + extraMatcher) + "}";
    }

    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    public static string EscapeRegex(string literal)
    {
        var text = new StringBuilder();
        foreach (var c in literal)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
