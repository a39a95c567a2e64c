namespace Slipway.Cli.Init;

/// <summary>One .csproj of the repository as <see cref="RepositoryScan"/> read it; paths are relative to the repository, with '/'.</summary>
internal sealed record DotnetProject(string Path, string AssemblyName, bool IsWeb, bool IsTest, IReadOnlyList<string> References);
