using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.Server.Journal;

namespace Slipway.Server.Tests.Journal;

/// <summary>
/// Fields added to events after version 1 (SelfTestFailed.Output, PipelineFailed.FailedTests) are left out of a record
/// when null, so that older records read back and write again unchanged, and they round-trip when set.
/// </summary>
public sealed class OptionalEventFieldsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_self_test_failure_without_output_is_written_as_version_1_wrote_it_and_with_output_round_trips()
    {
        var old = new SelfTestFailed("hello", "hello-r1", "hello-r1-1", null, 2.5, "timeout", string.Empty);
        var crashed = old with { Output = "Unhandled exception. System.InvalidOperationException: boom" };

        Assert.DoesNotContain("output", EventSerializer.ToRecord(old, At).Data, StringComparison.Ordinal);
        Assert.Equal(crashed, RoundTrip(crashed));
        Assert.Null(((SelfTestFailed)RoundTrip(old)).Output);
    }

    [Fact]
    public void A_pipeline_failure_with_failed_tests_round_trips_and_reads_as_the_demo_prints_it()
    {
        var old = new PipelineFailed("hello", "hello-4", "abc", "test", 1, "test failed with exit code 1: dotnet test", "tail");
        var named = old with { FailedTests = [new FailedTestRecord("Todo.Tests.Registers_a_user", "Assert.Equal() Failure\nExpected: 201")] };

        Assert.DoesNotContain("failedTests", EventSerializer.ToRecord(old, At).Data, StringComparison.Ordinal);
        var back = (PipelineFailed)RoundTrip(named);
        Assert.Equal(named.FailedTests, back.FailedTests);
        Assert.Equal(
            "run hello-4 failed at test: test failed with exit code 1: dotnet test\n    FAILED Todo.Tests.Registers_a_user\n      Assert.Equal() Failure\n      Expected: 201",
            Views.Describe(back));
    }

    [Fact]
    public void A_test_stage_result_without_fail_fast_is_written_as_before_and_with_it_round_trips()
    {
        var old = new TestStageCompleted("hello", "hello-3", "abc", 1234, 2, "failed", true, 10, 9, 1, [], [], [], [], []);
        var fast = old with
        {
            FailFast = new TestFailFastRecord(
                ["Hello.Tests.GreetingTests.Greets"], ["tests/Hello.Tests/Hello.Tests.csproj"], 10, "Hello.Tests.GreetingTests.Greets", 1, 8, 1, 0.4,
                "Hello.Tests.GreetingTests.Greets", 1, "first failure after 1 of 10 tests, 0.4 s"),
        };

        Assert.DoesNotContain("failFast", EventSerializer.ToRecord(old, At).Data, StringComparison.Ordinal);
        Assert.Null(((TestStageCompleted)RoundTrip(old)).FailFast);
        var back = (TestStageCompleted)RoundTrip(fast);
        Assert.Equal(fast.FailFast!.FailFirst, back.FailFast!.FailFirst);
        Assert.Equal(fast.FailFast with { FailFirst = back.FailFast.FailFirst, TouchedProjects = back.FailFast.TouchedProjects }, back.FailFast);
    }

    private static SlipwayEvent RoundTrip(SlipwayEvent e)
    {
        var record = EventSerializer.ToRecord(e, At);
        return EventSerializer.FromRecord(new StoredJournalRecord(1, record.Stream, record.Type, record.Data, record.Timestamp));
    }
}
