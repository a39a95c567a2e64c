using Slipway.Flags;
using Slipway.Server.Api;

namespace Slipway.Server.Flags;

/// <summary>The flag problems with a fixed shape. An invalid definition carries <c>pointer</c> and <c>reason</c> (the first problem) and <c>errors</c> (all of them).</summary>
internal static class FlagProblems
{
    public static SlipwayProblemException Invalid(string title, IReadOnlyList<FlagDefinitionError> errors)
    {
        if (errors.Count == 0)
        {
            return new SlipwayProblemException(400, title, "invalid flag definition");
        }

        var detail = $"{Pointer(errors[0])}: {errors[0].Reason}" + (errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty);
        var extensions = new Dictionary<string, object?>
        {
            ["pointer"] = errors[0].Pointer,
            ["reason"] = errors[0].Reason,
            ["errors"] = errors.Select(e => new Dictionary<string, string> { ["pointer"] = e.Pointer, ["reason"] = e.Reason }).ToList(),
        };
        return new SlipwayProblemException(400, title, detail, extensions);
    }

    public static SlipwayProblemException NotFound(FlagScope scope, string key) =>
        new(404, "Unknown flag", $"No flag '{key}' for service '{scope.Service}' in environment '{scope.Environment}'.");

    private static string Pointer(FlagDefinitionError error) => error.Pointer.Length == 0 ? "/" : error.Pointer;
}
