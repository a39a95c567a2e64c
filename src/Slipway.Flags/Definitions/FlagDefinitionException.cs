namespace Slipway.Flags;

/// <summary>A flag definition was rejected. <see cref="Pointer"/> and <see cref="Reason"/> describe the first problem.</summary>
public sealed class FlagDefinitionException : Exception
{
    public FlagDefinitionException(IReadOnlyList<FlagDefinitionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
        Pointer = errors.Count > 0 ? errors[0].Pointer : string.Empty;
        Reason = errors.Count > 0 ? errors[0].Reason : "invalid flag definition";
    }

    public FlagDefinitionException()
        : this([])
    {
    }

    public FlagDefinitionException(string message)
        : this([new FlagDefinitionError(string.Empty, message)])
    {
    }

    public FlagDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new FlagDefinitionError(string.Empty, message)];
        Pointer = string.Empty;
        Reason = message;
    }

    /// <summary>JSON pointer of the first problem, e.g. <c>/flags/new-greeting/targeting/if/0</c>.</summary>
    public string Pointer { get; }

    public string Reason { get; }

    public IReadOnlyList<FlagDefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<FlagDefinitionError> errors) => errors.Count switch
    {
        0 => "Invalid flag definition.",
        1 => $"Invalid flag definition at {errors[0]}",
        _ => $"Invalid flag definition at {errors[0]} (and {errors.Count - 1} more)",
    };
}
