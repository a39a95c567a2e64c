using Slipway.Flags;

namespace Slipway.Server.Flags;

/// <summary>
/// The pipeline's config step: the flagd file slipway.yml names under <c>flags:</c> must exist and be valid (strictly:
/// what the API would accept), or the run fails with the file, the JSON pointer and the reason.
/// </summary>
internal static class ReleaseFlagsFile
{
    public static async Task<(string? Document, string? Error)> ReadAsync(string workspace, string relativePath, CancellationToken ct)
    {
        var path = Path.GetFullPath(Path.Combine(workspace, relativePath));
        if (!path.StartsWith(Path.GetFullPath(workspace), StringComparison.Ordinal) || !File.Exists(path))
        {
            return (null, $"{relativePath}: the flags file named by 'flags:' in slipway.yml is missing.");
        }

        var text = await File.ReadAllTextAsync(path, ct);
        var result = FlagDocument.Validate(text);
        if (!result.IsValid)
        {
            return (null, string.Join('\n', result.Errors.Select(e => $"{relativePath}: {(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Reason}")));
        }

        return (text, null);
    }
}
