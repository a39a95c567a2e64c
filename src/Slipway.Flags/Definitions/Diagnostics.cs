namespace Slipway.Flags;

/// <summary>
/// Problems found while compiling. Errors break the flag (it evaluates to PARSE_ERROR); strict-only problems are
/// legal flagd (the operator returns null at run time) but are rejected when a definition is saved.
/// </summary>
internal sealed class Diagnostics
{
    public List<FlagDefinitionError> Errors { get; } = [];

    public List<FlagDefinitionError> StrictOnly { get; } = [];

    public void Error(string pointer, string reason) => Errors.Add(new(pointer, reason));

    public void Strict(string pointer, string reason) => StrictOnly.Add(new(pointer, reason));

    public IEnumerable<FlagDefinitionError> All => Errors.Concat(StrictOnly);
}
