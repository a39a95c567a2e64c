using Slipway.Server.Pipelines;

namespace Slipway.Server.Tests.Pipelines;

/// <summary>The failing tests read from what a plain <c>test:</c> command printed: names and the first lines of each message.</summary>
public sealed class FailedTestsTests
{
    [Fact]
    public void Vstest_output_gives_each_failed_test_with_its_error_message_without_the_stack_trace()
    {
        const string output = """
              Passed Todo.Tests.TodoTests.Lists_items [3 ms]
              Failed Todo.Tests.TodoTests.Registers_a_user [42 ms]
              Error Message:
               Assert.Equal() Failure: Values differ
            Expected: 201
            Actual:   500
              Stack Trace:
                 at Todo.Tests.TodoTests.Registers_a_user() in /src/TodoTests.cs:line 30
              Failed Todo.Tests.TodoTests.Rejects_an_empty_title(title: "") [1 ms]
              Error Message:
               System.NullReferenceException : Object reference not set to an instance of an object.

            Failed!  - Failed:     2, Passed:     1, Skipped:     0, Total:     3
            """;

        var failed = FailedTests.FromOutput(output);

        Assert.Equal(["Todo.Tests.TodoTests.Registers_a_user", "Todo.Tests.TodoTests.Rejects_an_empty_title(title: \"\")"], failed.Select(f => f.Test));
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 201\nActual:   500", failed[0].Message);
        Assert.StartsWith("System.NullReferenceException", failed[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Testing_platform_and_xunit_runner_output_give_the_failed_tests_too()
    {
        const string output = """
            failed Todo.Tests.TodoTests.Registers_a_user (42ms)
              Assert.Equal() Failure: Values differ
              Expected: 201
              Actual:   500
                at Todo.Tests.TodoTests.Registers_a_user() in /src/TodoTests.cs:30
            [FAIL] Todo.Tests.OtherTests.Deletes
            """;

        var failed = FailedTests.FromOutput(output);

        Assert.Equal(["Todo.Tests.TodoTests.Registers_a_user", "Todo.Tests.OtherTests.Deletes"], failed.Select(f => f.Test));
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 201\nActual:   500", failed[0].Message);
    }

    [Fact]
    public void Xunit_v3_in_process_runner_output_with_colour_codes_gives_the_failed_test()
    {
        // As the runner prints it (captured from test/fixtures/Planted), colour codes included.
        const string output =
            "\u001b[37m  Starting:    Slipway.Fixtures.Planted\n" +
            "\u001b[0m\u001b[91m    Planted.RealFailureTests.Adds_two_and_two [FAIL]\n" +
            "\u001b[0m\u001b[37m      Assert.Equal() Failure: Values differ\n" +
            "\u001b[0m\u001b[37m      Expected: 5\n" +
            "\u001b[0m\u001b[37m      Actual:   4\n" +
            "\u001b[0m\u001b[90m      Stack Trace:\n" +
            "\u001b[0m\u001b[37m        Planted.cs(53,0): at Planted.RealFailureTests.Adds_two_and_two()\n" +
            "\u001b[0m\u001b[37m   Slipway.Fixtures.Planted  Total: 11, Errors: 0, Failed: 1, Skipped: 0, Not Run: 0, Time: 0.878s\n";

        var failed = Assert.Single(FailedTests.FromOutput(output));

        Assert.Equal("Planted.RealFailureTests.Adds_two_and_two", failed.Test);
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 5\nActual:   4", failed.Message);
    }

    [Fact]
    public void The_list_and_each_message_are_bounded()
    {
        var output = string.Concat(Enumerable.Range(0, 100).Select(i =>
            $"  Failed T.Test{i} [1 ms]\n  Error Message:\n" + string.Concat(Enumerable.Range(0, 50).Select(j => $"   line {j} {new string('x', 1000)}\n"))));

        var failed = FailedTests.FromOutput(output);

        Assert.Equal(FailedTests.MaxTests, failed.Count);
        Assert.All(failed, f => Assert.Equal(FailedTests.MaxMessageLines, f.Message.Split('\n').Length));
        Assert.All(failed, f => Assert.All(f.Message.Split('\n'), l => Assert.True(l.Length <= FailedTests.MaxLineLength + 1)));
    }

    [Fact]
    public void Output_without_a_recognised_failure_gives_none()
    {
        Assert.Empty(FailedTests.FromOutput("1 test failed: Greeter_greets\nerror: exit 1\n"));
    }
}
