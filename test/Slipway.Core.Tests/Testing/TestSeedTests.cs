using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class TestSeedTests
{
    [Fact]
    public void A_seed_from_a_commit_sha_is_its_first_eight_hex_digits_without_the_top_bit()
    {
        Assert.Equal(0x0A1B2C3D, TestSeed.FromCommitSha("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"));
        Assert.Equal(0x7FFFFFFF, TestSeed.FromCommitSha("ffffffff00000000000000000000000000000000"));
    }

    [Fact]
    public void A_seed_that_is_not_a_number_is_rejected_with_a_message_that_says_so()
    {
        Assert.False(TestSeed.TryParse("abc", out _, out var error));
        Assert.Equal("The test seed 'abc' is not a number; give a whole number between 0 and 2147483647.", error);
        Assert.False(TestSeed.TryParse("-5", out _, out error));
        Assert.Contains("not a number", error, StringComparison.Ordinal);
        Assert.False(TestSeed.TryParse("99999999999", out _, out error));
        Assert.Contains("too large", error, StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => TestSeed.Parse(" "));
        Assert.Contains("empty", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_numeric_seed_parses()
    {
        Assert.True(TestSeed.TryParse(" 1234 ", out var seed, out _));
        Assert.Equal(1234, seed);
    }

    [Fact]
    public void A_sha_that_is_not_hex_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => TestSeed.FromCommitSha("not-a-sha"));
    }
}
