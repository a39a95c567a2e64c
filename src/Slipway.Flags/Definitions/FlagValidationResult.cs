namespace Slipway.Flags;

/// <summary>The outcome of <see cref="FlagDocument.Validate(string)"/>.</summary>
/// <param name="Errors">Every problem found; empty when the document is valid.</param>
/// <param name="Document">The document compiled leniently (flags with problems evaluate to PARSE_ERROR), or null when it is not a flag document at all.</param>
public sealed record FlagValidationResult(IReadOnlyList<FlagDefinitionError> Errors, FlagDocument? Document)
{
    public bool IsValid => Errors.Count == 0;
}
