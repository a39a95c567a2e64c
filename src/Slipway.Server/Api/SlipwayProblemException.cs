namespace Slipway.Server.Api;

/// <summary>
/// A request that cannot be done as asked. Every API turns it into RFC 7807 problem details with this status, title
/// and detail (<see cref="ProblemMapping"/>), plus <see cref="Extensions"/> as extra members of the body.
/// </summary>
public sealed class SlipwayProblemException(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}
