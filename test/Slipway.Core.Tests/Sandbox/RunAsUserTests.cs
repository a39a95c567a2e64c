using Slipway.Core.Sandbox;

namespace Slipway.Core.Tests.Sandbox;

/// <summary>Who runs other people's code when Slipway runs as root: nobody by default, root only when said.</summary>
public sealed class RunAsUserTests
{
    [Theory]
    [InlineData("root", true)]
    [InlineData(" 0 ", true)]
    [InlineData("nobody", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_root_or_uid_0_said_explicitly_keeps_root(string? name, bool keeps)
    {
        Assert.Equal(keeps, RunAsUser.KeepsRoot(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_root_process_with_no_user_named_runs_steps_as_nobody(string? name)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Assert.Skip("runs only as root on Linux: an unprivileged process cannot switch users, so it resolves no user");
        }

        var user = RunAsUser.Resolve(name);

        Assert.NotNull(user);
        Assert.Equal(RunAsUser.DefaultName, user.Name);
        Assert.NotEqual(0, user.Uid);
    }

    [Fact]
    public void Root_said_explicitly_resolves_no_user()
    {
        Assert.Null(RunAsUser.Resolve("root"));
    }

    [Fact]
    public void An_unknown_user_stops_the_start_instead_of_meaning_root()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Assert.Skip("runs only as root on Linux: an unprivileged process resolves no user at all");
        }

        var error = Assert.Throws<InvalidOperationException>(() => RunAsUser.Resolve("no-such-user-" + Guid.NewGuid().ToString("N")[..8]));

        Assert.Contains("no such user in /etc/passwd", error.Message, StringComparison.Ordinal);
    }
}
