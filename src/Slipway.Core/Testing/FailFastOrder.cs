namespace Slipway.Core.Testing;

/// <summary>
/// Moves the tests most likely to fail to the front of a seeded order, without losing its replayability: a stable
/// partition of the one seeded order. The classes that hold a test that failed recently come first, in their seeded
/// order, and inside such a class those tests come before its others, each part in its seeded order; everything else
/// follows in the seeded order. Classes stay contiguous, because that is how xUnit runs them (collection, class,
/// method), so the order the stage asks for is the order that runs. The seed plus the fail-first list give the order
/// exactly; with an empty list it is the seeded order itself.
/// </summary>
internal static class FailFastOrder
{
    /// <summary>The seeded order with the classes and tests of <paramref name="failFirst"/> (full names) moved to the front.</summary>
    public static IReadOnlyList<TestName> Prioritize(IReadOnlyList<TestName> seeded, IReadOnlySet<string> failFirst)
    {
        ArgumentNullException.ThrowIfNull(seeded);
        ArgumentNullException.ThrowIfNull(failFirst);
        if (failFirst.Count == 0)
        {
            return seeded;
        }

        var hotClasses = seeded.Where(t => failFirst.Contains(t.FullName)).Select(t => t.ClassName).ToHashSet(StringComparer.Ordinal);
        var first = new List<TestName>();
        var rest = new List<TestName>();
        var classes = seeded.Select(t => t.ClassName).Distinct(StringComparer.Ordinal);
        var byClass = seeded.ToLookup(t => t.ClassName, StringComparer.Ordinal);
        foreach (var className in classes)
        {
            var members = byClass[className];
            if (hotClasses.Contains(className))
            {
                first.AddRange(members.Where(t => failFirst.Contains(t.FullName)));
                first.AddRange(members.Where(t => !failFirst.Contains(t.FullName)));
            }
            else
            {
                rest.AddRange(members);
            }
        }

        return [.. first, .. rest];
    }

    /// <summary>The projects the commit touched first, then the others, each part in the order given (a stable partition).</summary>
    public static IReadOnlyList<string> OrderProjects(IReadOnlyList<string> projects, IReadOnlySet<string> touched)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(touched);
        return [.. projects.Where(touched.Contains), .. projects.Where(p => !touched.Contains(p))];
    }

    /// <summary>
    /// The test projects that a change touched: a project is touched when a changed file lies in its folder or in the
    /// folder of a project it references. Paths are relative to the repository, with '/' or '\'.
    /// </summary>
    public static IReadOnlySet<string> TouchedProjects(
        IReadOnlyList<string> projects,
        IEnumerable<string> changedFiles,
        Func<string, IEnumerable<string>> referencedProjects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(changedFiles);
        ArgumentNullException.ThrowIfNull(referencedProjects);
        var changed = changedFiles.Select(Normalize).ToList();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var folders = referencedProjects(project).Prepend(project).Select(p => Folder(Normalize(p))).ToList();
            if (changed.Any(file => folders.Any(folder => folder.Length == 0 || file.StartsWith(folder + "/", StringComparison.Ordinal))))
            {
                touched.Add(project);
            }
        }

        return touched;
    }

    /// <summary>
    /// The 1-based position of the first failing test in <paramref name="order"/> (the run's order, or the seeded one,
    /// projects one after another), or null when none of <paramref name="failed"/> is in it.
    /// </summary>
    public static int? FirstPosition(IEnumerable<string> order, IReadOnlySet<string> failed)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(failed);
        var position = 0;
        foreach (var name in order)
        {
            position++;
            if (failed.Contains(name))
            {
                return position;
            }
        }

        return null;
    }

    private static string Normalize(string path)
    {
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        var stack = new List<string>();
        foreach (var part in parts)
        {
            if (part == ".." && stack.Count > 0)
            {
                stack.RemoveAt(stack.Count - 1);
            }
            else
            {
                stack.Add(part);
            }
        }

        return string.Join('/', stack);
    }

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }
}
