using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Testing;

public sealed class FailFastOrderTests
{
    private static List<TestName> Suite() =>
        [.. from c in Enumerable.Range(0, 8) from m in Enumerable.Range(0, 6) select new TestName($"Ns.Class{c}", $"Test{m}")];

    private static HashSet<string> Names(params string[] names) => new(names, StringComparer.Ordinal);

    [Fact]
    public void Without_recent_failures_the_order_is_the_seeded_order()
    {
        var seeded = TestOrder.Shuffle(Suite(), 7);
        Assert.Equal(seeded, FailFastOrder.Prioritize(seeded, Names()));
    }

    [Fact]
    public void A_recently_failed_test_runs_first_and_its_class_follows_it_before_the_rest()
    {
        var seeded = TestOrder.Shuffle(Suite(), 7);
        var last = seeded[^1];

        var order = FailFastOrder.Prioritize(seeded, Names(last.FullName));

        Assert.Equal(last, order[0]);
        var ofClass = seeded.Where(t => t.ClassName == last.ClassName && t != last).ToList();
        Assert.Equal(ofClass, order.Skip(1).Take(ofClass.Count));
        Assert.Equal(seeded.Where(t => t.ClassName != last.ClassName), order.Skip(1 + ofClass.Count));
    }

    [Fact]
    public void Several_recently_failed_tests_keep_their_seeded_order_and_every_test_still_runs_once()
    {
        var seeded = TestOrder.Shuffle(Suite(), 99).ToList();
        var failed = new[] { seeded[40], seeded[3], seeded[20] };

        var order = FailFastOrder.Prioritize(seeded, Names([.. failed.Select(t => t.FullName)])).ToList();

        Assert.Equal(seeded.Order(), order.Order());
        var classes = failed.Select(t => t.ClassName).Distinct().ToList();
        var leading = order.Select(t => t.ClassName).Distinct().Take(classes.Count).ToList();
        Assert.Equal(seeded.Select(t => t.ClassName).Distinct().Where(classes.Contains), leading);
        var positions = failed.OrderBy(t => seeded.IndexOf(t)).Select(t => order.IndexOf(t)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.All(positions, p => Assert.True(p < classes.Count * 6));
    }

    [Fact]
    public void Classes_stay_contiguous_so_the_in_process_orderer_runs_exactly_this_order()
    {
        var seeded = TestOrder.Shuffle(Suite(), 5);
        var order = FailFastOrder.Prioritize(seeded, Names(seeded[10].FullName, seeded[30].FullName));
        var runs = order.Select(t => t.ClassName).Where((c, i) => i == 0 || order[i - 1].ClassName != c).Count();
        Assert.Equal(8, runs);
    }

    [Fact]
    public void The_same_seed_and_fail_first_list_replay_the_same_order()
    {
        var failFirst = Names("Ns.Class3.Test2", "Ns.Class6.Test0", "Ns.Gone.Test9");
        var first = FailFastOrder.Prioritize(TestOrder.Shuffle(Suite(), 1234), failFirst);
        var replay = FailFastOrder.Prioritize(TestOrder.Shuffle(Enumerable.Reverse(Suite()).ToList(), 1234), failFirst);
        Assert.Equal(first, replay);
    }

    [Fact]
    public void Touched_projects_run_first_in_the_order_given()
    {
        string[] projects = ["a/A.csproj", "b/B.csproj", "c/C.csproj"];
        Assert.Equal(["c/C.csproj", "a/A.csproj", "b/B.csproj"], FailFastOrder.OrderProjects(projects, Names("c/C.csproj")));
        Assert.Equal(projects, FailFastOrder.OrderProjects(projects, Names()));
    }

    [Fact]
    public void A_project_is_touched_by_a_change_in_its_folder_or_in_a_project_it_references()
    {
        string[] projects = ["test/Orders.Tests/Orders.Tests.csproj", "test/Billing.Tests/Billing.Tests.csproj", "test/Docs.Tests/Docs.Tests.csproj"];
        IEnumerable<string> References(string project) => project.Contains("Billing", StringComparison.Ordinal)
            ? ["test/Billing.Tests/../../src/Billing/Billing.csproj"]
            : [];

        var touched = FailFastOrder.TouchedProjects(
            projects, ["test/Orders.Tests/QuoteTests.cs", "src/Billing/Invoice.cs", "README.md", "test/Docs.TestsOther/x.cs"], References);

        Assert.Equal(Names(projects[0], projects[1]), touched);
    }

    [Fact]
    public void The_first_failure_position_counts_from_one_and_is_null_when_nothing_failed()
    {
        string[] order = ["A.B.One", "A.B.Two", "A.C.Three"];
        Assert.Equal(2, FailFastOrder.FirstPosition(order, Names("A.C.Three", "A.B.Two")));
        Assert.Null(FailFastOrder.FirstPosition(order, Names("X.Y.Z")));
    }
}
