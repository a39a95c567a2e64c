namespace Slipway.Server.Testing;

/// <summary>The executable a project built to, or the compiler's errors.</summary>
internal sealed record TestProjectBuild(string? ExecutablePath, string Output)
{
    public bool Succeeded => ExecutablePath is not null;
}
