namespace Slipway.Cli.Init;

/// <summary>
/// One .csproj of the repository as <see cref="RepositoryScan"/> read it; paths are relative to the repository, with '/'.
/// <paramref name="IsXunitV3"/>: it references xunit.v3, xunit.v3.core or an xunit.v3.mtp-* package, so it builds an
/// executable that Slipway's test stage can list, shuffle, shard and triage.
/// </summary>
internal sealed record DotnetProject(string Path, string AssemblyName, bool IsWeb, bool IsTest, IReadOnlyList<string> References, bool IsXunitV3);
