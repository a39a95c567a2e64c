using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

public sealed class KeySuggesterTests
{
    private static readonly string[] Keys = ["build", "test", "artifact", "run", "stop_timeout", "timeouts", "tests"];

    [Theory]
    [InlineData("biuld", "build")]
    [InlineData("tset", "test")]
    [InlineData("artefact", "artifact")]
    [InlineData("STOP-TIMEOUT", "stop_timeout")]
    [InlineData("timeout", "timeouts")]
    public void Near_misses_get_a_suggestion(string typo, string expected)
    {
        Assert.Equal(expected, KeySuggester.Suggest(typo, Keys));
    }

    [Theory]
    [InlineData("replicas")]
    [InlineData("xyz")]
    [InlineData("image")]
    public void Unrelated_keys_get_none(string key)
    {
        Assert.Null(KeySuggester.Suggest(key, Keys));
    }

    [Fact]
    public void Distance_counts_a_swap_as_one_edit()
    {
        Assert.Equal(1, KeySuggester.Distance("tset", "test"));
        Assert.Equal(3, KeySuggester.Distance("kitten", "sitting"));
    }
}
