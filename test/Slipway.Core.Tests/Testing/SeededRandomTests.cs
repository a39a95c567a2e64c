using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class SeededRandomTests
{
    [Fact]
    public void The_sequence_for_a_seed_is_pinned_so_it_never_changes_across_dotnet_versions()
    {
        // SplitMix64 reference values for seed 0 (Vigna's splitmix64.c).
        var random = new SeededRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void NextBelow_stays_within_its_bound()
    {
        var random = new SeededRandom(42);
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(random.NextBelow(7), 0, 6);
        }
    }

    [Fact]
    public void Shuffle_is_a_permutation_and_the_same_for_the_same_seed()
    {
        var a = Enumerable.Range(0, 50).ToList();
        var b = Enumerable.Range(0, 50).ToList();
        new SeededRandom(7).Shuffle(a);
        new SeededRandom(7).Shuffle(b);
        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 50), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), a);
    }
}
