using System.Text;
using Slipway.Server.Api;

namespace Slipway.Server.Tests.Api;

public sealed class WebhookSignatureTests
{
    // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string GitHubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void The_signature_matches_githubs_published_example()
    {
        Assert.Equal(GitHubSignature, WebhookSignature.Sign(GitHubSecret, "Hello, World!"u8));
        Assert.True(WebhookSignature.IsValid(GitHubSecret, "Hello, World!"u8, GitHubSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData("sha256=757107EA")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void A_missing_malformed_or_wrong_signature_is_refused(string? header)
    {
        Assert.False(WebhookSignature.IsValid(GitHubSecret, "Hello, World!"u8, header));
    }

    [Fact]
    public void A_signature_of_another_body_or_with_another_secret_is_refused()
    {
        Assert.False(WebhookSignature.IsValid(GitHubSecret, Encoding.UTF8.GetBytes("Hello, World?"), GitHubSignature));
        Assert.False(WebhookSignature.IsValid("another secret", "Hello, World!"u8, GitHubSignature));
    }
}
