using Slipway.Flags;

namespace Slipway.Server.Flags;

/// <summary>A flag request that cannot be done as asked. Invalid definitions carry every problem with its JSON pointer.</summary>
internal sealed class FlagRequestException(int status, string title, string detail, IReadOnlyList<FlagDefinitionError>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyList<FlagDefinitionError> Errors { get; } = errors ?? [];

    public static FlagRequestException Invalid(string title, IReadOnlyList<FlagDefinitionError> errors) =>
        new(400, title, errors.Count == 0 ? "invalid flag definition" : $"{Pointer(errors[0])}: {errors[0].Reason}" + (errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty), errors);

    public static FlagRequestException NotFound(FlagScope scope, string key) =>
        new(404, "Unknown flag", $"No flag '{key}' for service '{scope.Service}' in environment '{scope.Environment}'.");

    private static string Pointer(FlagDefinitionError error) => error.Pointer.Length == 0 ? "/" : error.Pointer;
}
