using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

/// <summary><c>workspace</c>: warm (incremental builds) unless slipway.yml asks for a clean one.</summary>
public sealed class WorkspaceConfigTests
{
    [Fact]
    public void A_service_builds_in_its_warm_workspace_unless_slipway_yml_says_otherwise()
    {
        Assert.Equal(WorkspaceMode.Warm, ConfigAssert.Valid(ConfigAssert.Minimal).Workspace);
    }

    [Fact]
    public void Workspace_clean_forces_a_clean_build()
    {
        Assert.Equal(WorkspaceMode.Clean, ConfigAssert.Valid(ConfigAssert.Minimal + "\nworkspace: clean\n").Workspace);
    }

    [Fact]
    public void An_unknown_workspace_mode_is_an_error_naming_its_line_field_and_the_likely_word()
    {
        var error = ConfigAssert.SingleError("workspace: claen");

        Assert.Equal("workspace", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains("did you mean \"clean\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workspace_that_is_not_a_word_is_an_error()
    {
        var error = ConfigAssert.SingleError("workspace: {clean: true}");

        Assert.Equal("workspace", error.Field);
        Assert.Contains("expected one of warm, clean", error.Message, StringComparison.Ordinal);
    }
}
