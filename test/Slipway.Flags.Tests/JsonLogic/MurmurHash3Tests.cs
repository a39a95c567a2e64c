using System.Text;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags.Tests.JsonLogic;

public sealed class MurmurHash3Tests
{
    [Theory]
    [InlineData("", 0u)]
    [InlineData("hello", 0x248bfa47u)]
    [InlineData("test", 0xba6bd213u)]
    [InlineData("Hello, world!", 0xc0363e43u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x2e4ff723u)]
    // Non-ASCII: the C++ reference implementation over the UTF-8 bytes (flagd's Go hashes the same bytes).
    [InlineData("吉 星 高 照", 3435142074u)]
    [InlineData("My 🚀 is full of 🦎.", 1818098979u)]
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

    [Theory]
    [InlineData("new-checkout", "visitor-7")]
    [InlineData("abc", "defghijk")]
    [InlineData("", "")]
    [InlineData("a", "")]
    [InlineData("ab", "c")]
    [InlineData("flag", "usér-ü-€-😀")]
    [InlineData("odd-key", "\ud800 lone surrogate")]
    public void Streaming_a_prefix_then_text_matches_hashing_the_concatenated_utf8(string prefix, string text)
    {
        var stream = MurmurStream.Of(Encoding.UTF8.GetBytes(prefix));
        var expected = MurmurHash3.Hash32(Encoding.UTF8.GetBytes(prefix + text));

        Assert.Equal(expected, stream.FinishWith(text));
        stream.Append(text);
        Assert.Equal(expected, stream.Finish());
    }

    [Fact]
    public void Streaming_matches_one_shot_hashing_for_every_split_of_random_text()
    {
        var random = new Random(1234);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.éü€😀";
        for (var run = 0; run < 500; run++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var split = random.Next(0, text.Length + 1);
            if (split > 0 && char.IsHighSurrogate(text[split - 1]))
            {
                split--;
            }

            var prefix = MurmurStream.Of(Encoding.UTF8.GetBytes(text[..split]));
            Assert.Equal(MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text)), prefix.FinishWith(text[split..]));

            var stream = default(MurmurStream);
            stream.Append(text[..split]);
            stream.Append(Encoding.UTF8.GetBytes(text[split..]));
            stream.Append(text[split..]);

            Assert.Equal(MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text + text[split..])), stream.Finish());
        }
    }
}
