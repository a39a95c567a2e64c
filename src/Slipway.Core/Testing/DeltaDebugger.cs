namespace Slipway.Core.Testing;

/// <summary>
/// Zeller's ddmin over the tests that ran before a victim. It makes no single-polluter assumption:
/// the result is 1-minimal (removing any one element makes the victim pass), so two tests that only
/// pollute together are both reported. With one polluter it halves the candidates each step, which
/// costs at most two runs per halving: ≤ 2·log2(n) runs.
/// </summary>
internal static class DeltaDebugger
{
    /// <param name="candidates">The tests that ran before the victim, in the order they ran.</param>
    /// <param name="failsAfter">
    /// Runs the given subset (kept in the original relative order) and then the victim, in a fresh
    /// process; returns true when the victim fails. Each call counts as one test run.
    /// </param>
    public static async Task<DeltaDebugResult<T>> MinimizeAsync<T>(
        IReadOnlyList<T> candidates,
        Func<IReadOnlyList<T>, CancellationToken, Task<bool>> failsAfter,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(failsAfter);

        var runs = 0;
        var cache = new Dictionary<string, bool>(StringComparer.Ordinal);

        async Task<bool> FailsAsync(List<int> subset)
        {
            var key = string.Join(',', subset);
            if (cache.TryGetValue(key, out var known))
            {
                return known;
            }

            cancellationToken.ThrowIfCancellationRequested();
            runs++;
            var fails = await failsAfter(subset.Select(i => candidates[i]).ToList(), cancellationToken).ConfigureAwait(false);
            cache[key] = fails;
            return fails;
        }

        var current = Enumerable.Range(0, candidates.Count).ToList();
        var granularity = 2;
        while (current.Count >= 2)
        {
            var chunks = Split(current, granularity);
            var reduced = false;
            foreach (var chunk in chunks)
            {
                if (await FailsAsync(chunk).ConfigureAwait(false))
                {
                    current = chunk;
                    granularity = 2;
                    reduced = true;
                    break;
                }
            }

            if (!reduced && chunks.Count > 2)
            {
                foreach (var chunk in chunks)
                {
                    var complement = current.Except(chunk).ToList();
                    if (await FailsAsync(complement).ConfigureAwait(false))
                    {
                        current = complement;
                        granularity = Math.Max(granularity - 1, 2);
                        reduced = true;
                        break;
                    }
                }
            }

            if (!reduced)
            {
                if (granularity >= current.Count)
                {
                    break;
                }

                granularity = Math.Min(current.Count, granularity * 2);
            }
        }

        return new DeltaDebugResult<T>(current.Select(i => candidates[i]).ToList(), runs);
    }

    private static List<List<int>> Split(List<int> items, int parts)
    {
        var chunks = new List<List<int>>(parts);
        var start = 0;
        for (var i = 0; i < parts; i++)
        {
            var size = (items.Count / parts) + (i < items.Count % parts ? 1 : 0);
            if (size > 0)
            {
                chunks.Add(items.GetRange(start, size));
            }

            start += size;
        }

        return chunks;
    }
}
