using System.Text;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags.Tests.JsonLogic;

public sealed class MurmurHash3Tests
{
    [Theory]
    [InlineData("", 0u)]
    [InlineData("hello", 0x248bfa47u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x2e4ff723u)]
    public void Hash_matches_the_reference_vectors(string text, uint expected)
    {
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Bucketing_multiplies_the_hash_by_the_total_weight_and_keeps_the_high_32_bits()
    {
        Assert.Equal(0, FractionalNode.Bucket(0, [50, 50], 100));
        Assert.Equal(0, FractionalNode.Bucket(uint.MaxValue / 2, [50, 50], 100));
        Assert.Equal(1, FractionalNode.Bucket((uint.MaxValue / 2) + 1, [50, 50], 100));
        Assert.Equal(1, FractionalNode.Bucket(uint.MaxValue, [50, 50], 100));
        Assert.Equal(-1, FractionalNode.Bucket(123, [0, 0], 0));
    }
}
