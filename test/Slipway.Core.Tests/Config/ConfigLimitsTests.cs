using System.Text;
using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

/// <summary>A commit's slipway.yml can fail its own pipeline, never the server: every limit is one config error.</summary>
public sealed class ConfigLimitsTests
{
    [Fact]
    public void A_config_nested_100000_levels_deep_is_a_config_error_not_a_crash()
    {
        var yaml = ConfigAssert.Minimal + "\nenv: { X: " + new string('[', 100_000) + new string(']', 100_000) + " }\n";

        var error = Assert.Single(ConfigAssert.Invalid(yaml));

        Assert.Equal("slipway.yml", error.File);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("env.X", error.Field);
        Assert.Equal($"nested more than {ConfigLimits.MaxDepth} levels deep", error.Message);
    }

    [Fact]
    public void A_config_nested_in_block_style_past_the_limit_is_a_config_error()
    {
        var yaml = new StringBuilder(ConfigAssert.Minimal + "\ntests:\n");
        for (var i = 1; i <= 40; i++)
        {
            yaml.Append(' ', i * 2).Append("k").Append(i).Append(":\n");
        }

        var error = Assert.Single(ConfigAssert.Invalid(yaml.ToString()));

        Assert.StartsWith("tests.k1.k2.", error.Field);
        Assert.Contains("levels deep", error.Message);
    }

    [Fact]
    public void A_config_as_deep_as_the_limit_is_read_as_usual()
    {
        // The top-level mapping is level 1, env level 2, X's lists levels 3 to 32.
        var depth = ConfigLimits.MaxDepth - 2;
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\nenv: { X: " + new string('[', depth) + new string(']', depth) + " }\n"));

        Assert.Equal(("env.X", "expected a single value, got a list"), (error.Field, error.Message));
    }

    [Fact]
    public void A_config_larger_than_256_KiB_is_a_config_error_at_the_line_where_it_passes_the_limit()
    {
        var yaml = new StringBuilder(ConfigAssert.Minimal + "\nenv:\n");
        for (var i = 0; yaml.Length <= ConfigLimits.MaxFileBytes + 1000; i++)
        {
            yaml.Append("  NAME_").Append(i).Append(": ").Append('v', 100).Append('\n');
        }

        var error = Assert.Single(ConfigAssert.Invalid(yaml.ToString()));

        Assert.Equal("slipway.yml", error.File);
        Assert.True(error.Line > 2000, $"line {error.Line}");
        Assert.StartsWith("env.NAME_", error.Field);
        Assert.Equal("the file is larger than 256 KiB; the rest is not read", error.Message);
    }

    [Fact]
    public void A_config_of_one_huge_value_is_refused_by_size_without_reading_it_all()
    {
        var yaml = ConfigAssert.Minimal + "\ntest: " + new string('x', 50_000_000) + "\n";

        var error = Assert.Single(ConfigAssert.Invalid(yaml));

        Assert.Equal(4, error.Line);
        Assert.Contains("larger than 256 KiB", error.Message);
    }

    [Fact]
    public void Size_is_counted_in_utf8_bytes()
    {
        // 100,000 three-byte characters are 300,000 bytes.
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\ntest: " + new string('€', 100_000) + "\n"));

        Assert.Contains("larger than 256 KiB", error.Message);
    }

    [Fact]
    public void A_value_longer_than_16_KiB_is_a_config_error_naming_the_field()
    {
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\ntest: " + new string('x', ConfigLimits.MaxValueLength + 1) + "\n"));

        Assert.Equal((4, 7, "test"), (error.Line, error.Column, error.Field));
        Assert.Equal($"value is {ConfigLimits.MaxValueLength + 1} characters long, more than {ConfigLimits.MaxValueLength}", error.Message);
    }

    [Fact]
    public void A_file_that_is_one_value_longer_than_16_KiB_is_a_document_level_error()
    {
        // Found by the config fuzz suite (seed fZG9tDPZ3br2): a quote that opens on the first line and never closes makes
        // the whole file one scalar, which has no field to name.
        var error = Assert.Single(ConfigAssert.Invalid("'" + new string('d', ConfigLimits.MaxValueLength + 1) + "'\n"));

        Assert.Equal((1, 1, ""), (error.Line, error.Column, error.Field));
        Assert.StartsWith($"the file is one value of {ConfigLimits.MaxValueLength + 1} characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_longer_than_256_characters_is_a_config_error_with_a_shortened_field()
    {
        var key = new string('K', 1000);

        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\nenv:\n  " + key + ": 1\n"));

        Assert.Equal((5, 3), (error.Line, error.Column));
        Assert.Equal("env." + new string('K', 37) + "...", error.Field);
        Assert.Equal("key is 1000 characters long, more than 256", error.Message);
    }

    [Fact]
    public void A_config_with_more_than_10000_items_is_a_config_error()
    {
        var yaml = ConfigAssert.Minimal + "\nwaves: [" + string.Join(", ", Enumerable.Repeat("1", ConfigLimits.MaxNodes)) + "]\n";

        var error = Assert.Single(ConfigAssert.Invalid(yaml));

        Assert.StartsWith("waves[", error.Field);
        Assert.Equal($"the file has more than {ConfigLimits.MaxNodes} keys, values and list items", error.Message);
    }

    [Fact]
    public void Aliases_that_double_at_each_level_count_every_copy()
    {
        var yaml = new StringBuilder(ConfigAssert.Minimal + "\nenv:\n  A0: &a0 [x, x]\n");
        for (var i = 1; i <= 30; i++)
        {
            yaml.Append("  A").Append(i).Append(": &a").Append(i).Append(" [*a").Append(i - 1).Append(", *a").Append(i - 1).Append("]\n");
        }

        var error = Assert.Single(ConfigAssert.Invalid(yaml.ToString()));

        Assert.StartsWith("env.A", error.Field);
        Assert.Contains("more than 10000", error.Message);
    }

    [Fact]
    public void An_alias_used_a_few_times_is_still_allowed()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nenv:\n  A: &greeting hello\n  B: *greeting\n");

        Assert.Equal("hello", config.Env["B"]);
    }

    // YamlDotNet 18.1 resolves an alias key whose anchor comes later by looking the key up in the mapping, and
    // YamlAliasNode.Equals calls itself: a stack overflow, which no catch stops, found by SlipwayConfigFuzzTests.
    // LimitedParser refuses the alias before YamlStream sees it.
    [Fact]
    public void An_alias_key_to_an_anchor_defined_later_is_refused_instead_of_overflowing_the_stack()
    {
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\nenv:\n  *k : x\n  B: &k y\n"));

        Assert.Equal("env.*k", error.Field);
        Assert.Equal("an alias (*k) cannot be a key", error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void An_alias_to_a_defined_anchor_cannot_be_a_key_either()
    {
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\nenv:\n  A: &k B\n  *k : x\n"));

        Assert.Equal("an alias (*k) cannot be a key", error.Message);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void An_alias_to_an_anchor_never_defined_before_it_names_the_anchor()
    {
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\nenv:\n  A: *later\n  B: &later x\n"));

        Assert.Equal("env.A", error.Field);
        Assert.Equal("the alias *later refers to no anchor defined before it", error.Message);
    }

    [Fact]
    public void A_file_that_is_only_an_alias_says_what_was_expected()
    {
        var error = Assert.Single(ConfigAssert.Invalid("*a: null"));

        Assert.Equal("", error.Field);
        Assert.Equal("the file is only an alias (*a:); expected a mapping of keys such as build, artifact and run", error.Message);
    }

    [Fact]
    public void A_limit_passed_under_an_empty_key_names_the_key_as_a_question_mark()
    {
        var error = Assert.Single(ConfigAssert.Invalid("{: *a"));

        Assert.Equal("?", error.Field);
        Assert.Equal("the alias *a refers to no anchor defined before it", error.Message);
    }
}
