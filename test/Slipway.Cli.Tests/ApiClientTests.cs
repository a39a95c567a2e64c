using System.Net;

namespace Slipway.Cli.Tests;

/// <summary>How the one API client prints an error answer: one line, whatever the server sent.</summary>
public sealed class ApiClientTests
{
    [Fact]
    public void A_problem_detail_is_one_line_with_status_title_and_detail()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound);

        var line = ApiClient.Problem(response, """{"type":"about:blank","title":"Unknown service","status":404,"detail":"No service named 'nope'."}""");

        Assert.Equal("404 Unknown service: No service named 'nope'.", line);
    }

    [Fact]
    public void A_problem_without_a_detail_has_no_dangling_colon()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Conflict);

        Assert.Equal("409 Service exists", ApiClient.Problem(response, """{"title":"Service exists","status":409}"""));
    }

    [Fact]
    public void Further_errors_are_listed_with_their_json_pointers()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        var line = ApiClient.Problem(response, """{"title":"Invalid flag","detail":"/flags/a: bad","errors":[{"pointer":"/flags/a","reason":"bad"},{"pointer":"/flags/b","reason":"worse"}]}""");

        Assert.Equal("400 Invalid flag: /flags/a: bad\n  /flags/b: worse", line);
    }

    [Fact]
    public void An_answer_that_is_not_json_gives_the_status_and_reason()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway);

        Assert.Equal("502 Bad Gateway", ApiClient.Problem(response, "<html>proxy error</html>"));
    }
}
