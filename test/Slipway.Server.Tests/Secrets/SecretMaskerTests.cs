using System.Text;
using Slipway.Server.Secrets;

namespace Slipway.Server.Tests.Secrets;

public sealed class SecretMaskerTests
{
    [Fact]
    public void A_value_and_its_base64_forms_are_masked()
    {
        var masker = new SecretMasker(["hunter22"]);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("hunter22"));
        var echoed = Convert.ToBase64String(Encoding.UTF8.GetBytes("hunter22\n"));

        Assert.Equal("token=*** b64=*** echo=***", masker.Apply($"token=hunter22 b64={base64} echo={echoed}"));
    }

    [Fact]
    public void A_secret_that_contains_another_is_masked_whole()
    {
        var masker = new SecretMasker(["pass", "password-long"]);

        Assert.Equal("*** and ***", masker.Apply("password-long and pass"));
    }

    [Fact]
    public void Without_secrets_a_line_is_left_as_it_is()
    {
        Assert.Equal("nothing to hide", SecretMasker.None.Apply("nothing to hide"));
        Assert.True(SecretMasker.None.IsEmpty);
    }
}
