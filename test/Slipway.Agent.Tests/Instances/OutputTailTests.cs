using Slipway.Agent.Protocol;

namespace Slipway.Agent.Tests.Instances;

/// <summary>The last lines of a crashed instance's output, bounded, with the exception's own line kept when the stack trace is long.</summary>
public sealed class OutputTailTests
{
    [Fact]
    public void A_long_stack_trace_keeps_the_exceptions_line_first_then_the_end()
    {
        var frames = Enumerable.Range(0, 60).Select(i => $"   at Microsoft.Extensions.Hosting.Internal.Host.Frame{i}(Boolean abortOnFirstException)");
        var output = string.Join('\n', ["info: starting", "Unhandled exception. System.IO.IOException: Failed to bind to address http://127.0.0.1:7400: address already in use.", .. frames, ""]);

        var tail = OutputTail.Bound(output)!.Split('\n');

        Assert.Equal(OutputTail.MaxLines, tail.Length);
        Assert.Equal("Unhandled exception. System.IO.IOException: Failed to bind to address http://127.0.0.1:7400: address already in use.", tail[0]);
        Assert.Equal("…", tail[1]);
        Assert.EndsWith("Frame59(Boolean abortOnFirstException)", tail[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Short_output_is_kept_as_it_is_and_long_output_is_bounded_in_lines_and_bytes()
    {
        Assert.Equal("one\ntwo", OutputTail.Bound("one\r\n\r\ntwo\n"));
        Assert.Null(OutputTail.Bound(" \n"));
        var many = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line {i} " + new string('x', 500)));

        var tail = OutputTail.Bound(many)!;

        Assert.True(tail.Length <= OutputTail.MaxBytes);
        Assert.EndsWith("line 99 " + new string('x', 500), tail, StringComparison.Ordinal);
    }
}
