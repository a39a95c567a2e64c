namespace Slipway.Server.Services;

/// <summary>A request that cannot be done as asked; the API turns it into problem details with this status.</summary>
public sealed class SlipwayProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}
