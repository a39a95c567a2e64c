using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class TestOrderTests
{
    private static List<TestName> Suite() =>
        [.. from c in Enumerable.Range(0, 8) from m in Enumerable.Range(0, 6) select new TestName($"Ns.Class{c}", $"Test{m}")];

    [Fact]
    public void The_same_seed_gives_the_same_order_whatever_order_the_tests_were_listed_in()
    {
        var tests = Suite();
        var reversed = Enumerable.Reverse(tests).ToList();
        Assert.Equal(TestOrder.Shuffle(tests, 1234), TestOrder.Shuffle(reversed, 1234));
    }

    [Fact]
    public void Different_seeds_give_different_orders()
    {
        Assert.NotEqual(TestOrder.Shuffle(Suite(), 1), TestOrder.Shuffle(Suite(), 2));
    }

    [Fact]
    public void Tests_of_one_class_stay_together_and_every_test_appears_once()
    {
        var order = TestOrder.Shuffle(Suite(), 99);
        Assert.Equal(48, order.Count);
        Assert.Equal(48, order.Distinct().Count());
        var classRuns = order.Select(t => t.ClassName).Aggregate(new List<string>(), (runs, c) =>
        {
            if (runs.Count == 0 || runs[^1] != c)
            {
                runs.Add(c);
            }

            return runs;
        });
        Assert.Equal(8, classRuns.Count);
    }

    private static readonly string[] PinnedOrder = ["A.Z.Two", "A.Z.One", "A.X.One", "A.X.Two", "A.Y.One"];

    [Fact]
    public void The_order_for_a_recorded_seed_is_pinned()
    {
        var tests = new[] { "A.X.One", "A.X.Two", "A.Y.One", "A.Z.One", "A.Z.Two" }.Select(TestName.Parse);
        var order = TestOrder.Shuffle(tests, 1234).Select(t => t.FullName).ToList();
        Assert.Equal(string.Join(",", PinnedOrder), string.Join(",", order));
    }
}
