namespace Slipway.Bench;

/// <summary>What every benchmark needs: the repository, the sample published once, and the command-line options.</summary>
internal sealed record BenchContext(string RepoRoot, string Published, BenchArguments Arguments)
{
    public bool Keep => Arguments.Has("--keep");
}
