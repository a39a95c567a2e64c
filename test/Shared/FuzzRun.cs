using System.Diagnostics;
using CsCheck;

namespace Slipway.Fuzzing;

/// <summary>
/// How every fuzz property runs (one file, compiled into each test project that fuzzes): a fixed number of iterations, a time cap after which the remaining iterations do
/// nothing (so CI stays fast on a busy machine), and a deadline per case. On a failure CsCheck's message carries the
/// seed; replay it with <c>CsCheck_Seed=&lt;seed&gt; dotnet run -- -class '*Fuzz*'</c>.
/// </summary>
internal static class FuzzRun
{
    public static void Sample<T>(Gen<T> gen, Action<T> property, long iter, TimeSpan cap, Func<T, string>? print = null)
    {
        var clock = Stopwatch.StartNew();
        var ran = 0L;
        gen.Sample(
            value =>
            {
                if (clock.Elapsed > cap)
                {
                    return;
                }

                Interlocked.Increment(ref ran);
                property(value);
            },
            writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line),
            iter: iter,
            print: print);
        TestContext.Current.TestOutputHelper?.WriteLine($"{ran} of {iter} cases in {clock.Elapsed.TotalSeconds:F1} s (cap {cap.TotalSeconds} s)");
    }

    public static async Task SampleAsync<T>(Gen<T> gen, Func<T, Task> property, long iter, TimeSpan cap, Func<T, string>? print = null)
    {
        var clock = Stopwatch.StartNew();
        var ran = 0L;
        await gen.SampleAsync(
            async value =>
            {
                if (clock.Elapsed > cap)
                {
                    return;
                }

                Interlocked.Increment(ref ran);
                await property(value);
            },
            writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line),
            iter: iter,
            print: print);
        TestContext.Current.TestOutputHelper?.WriteLine($"{ran} of {iter} cases in {clock.Elapsed.TotalSeconds:F1} s (cap {cap.TotalSeconds} s)");
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool and fails when it takes longer than <paramref name="deadline"/>.</summary>
    public static T Within<T>(TimeSpan deadline, Func<T> work)
    {
        var task = Task.Run(work);
        if (!task.Wait(deadline))
        {
            throw new TimeoutException($"took longer than {deadline.TotalSeconds} s");
        }

        return task.Result;
    }
}
