namespace Slipway.Core.Services;

/// <summary>
/// A release: one version (commit) of a service, built once into an immutable artifact. It is projected from the
/// journal: <c>PipelineSucceeded</c> creates it, rollouts move it between states.
/// </summary>
public sealed record Release(
    string Service,
    string Version,
    string ArtifactDigest,
    string RunId,
    string ConfigYaml,
    ReleaseState State,
    DateTimeOffset BuiltAt)
{
    /// <summary>The release id as people see it: <c>service@shortsha</c>.</summary>
    public string Id => $"{Service}@{Version[..Math.Min(7, Version.Length)]}";
}
