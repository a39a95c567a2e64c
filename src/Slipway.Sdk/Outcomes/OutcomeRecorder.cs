using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Slipway.Flags;

namespace Slipway.Sdk.Outcomes;

/// <summary>
/// Links what the <see cref="Flags.FlagClient"/> served to the request it served it in (through an
/// <see cref="AsyncLocal{T}"/> holding a pooled <see cref="OutcomeScope"/>), and counts each request's end in the
/// <see cref="VariantOutcomes"/> table. Inactive until <c>UseSlipwayOutcomes</c> adds the middleware.
/// </summary>
internal sealed class OutcomeRecorder
{
    private const int PoolSize = 64;

    private const int CacheSlots = 64;

    private static readonly AsyncLocal<OutcomeScope?> Current = new();

    /// <summary>A spare scope per thread, tried before the shared pool: no interlocked operation on the common path.</summary>
    [ThreadStatic]
    private static OutcomeScope? t_spare;

    private readonly OutcomeScope?[] _pool = new OutcomeScope?[PoolSize];

    /// <summary>How many slots from a definition's home slot it may be cached in (open addressing, linear probing).</summary>
    private const int Probes = 4;

    /// <summary>
    /// The cells of a flag definition's variants, by variant index, found by the definition's identity: no string is
    /// hashed per evaluation. A definition is immutable (a flag change makes a new one), so a cached cell stays right.
    /// Two flags whose home slots collide sit side by side instead of evicting each other on every request; a
    /// definition with no free slot near its home is not cached and takes the table's lookup, which allocates nothing.
    /// </summary>
    private readonly CellCache?[] _cells = new CellCache?[CacheSlots];

    public VariantOutcomes Table { get; } = new();

    /// <summary>Set by the middleware; until then evaluations pay one field read.</summary>
    public bool Enabled { get; set; }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var scope = Rent();
        var original = ExecutionContext.Capture();
        Enter(scope, original);
        var start = Stopwatch.GetTimestamp();
        Task task;
        try
        {
            task = next(context);
        }
        catch
        {
            End(scope, StatusCodes.Status500InternalServerError, start);
            Leave(original);
            throw;
        }

        if (!task.IsCompletedSuccessfully)
        {
            // Leaves this frame's AsyncLocal change behind for the awaiting method; the caller's context is restored below.
            var pending = AwaitAsync(task, context, scope, start);
            Leave(original);
            return pending;
        }

        End(scope, context.Response.StatusCode, start);
        Leave(original);
        return Task.CompletedTask;
    }

    // Setting an AsyncLocal builds a new ExecutionContext. A pooled scope keeps the one it built on top of the
    // context it last ran under, and enters it again when the request runs under that same context: no allocation.
    private static void Enter(OutcomeScope scope, ExecutionContext? original)
    {
        if (original is not null && ReferenceEquals(scope.Base, original) && scope.WithScope is { } cached)
        {
            ExecutionContext.Restore(cached);
            return;
        }

        Current.Value = scope;
        scope.Base = original;
        scope.WithScope = ExecutionContext.Capture();
    }

    private static void Leave(ExecutionContext? original)
    {
        if (original is not null)
        {
            ExecutionContext.Restore(original);
        }
        else
        {
            Current.Value = null;
        }
    }

    private async Task AwaitAsync(Task task, HttpContext context, OutcomeScope scope, long start)
    {
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await task.ConfigureAwait(false);
            status = context.Response.StatusCode;
        }
        finally
        {
            End(scope, status, start);
        }
    }

    private void End(OutcomeScope scope, int status, long start)
    {
        Complete(scope, status, Stopwatch.GetTimestamp() - start);
        Return(scope);
    }

    /// <summary>The request in flight, if any, was served the variant at <paramref name="variantIndex"/> of this definition.</summary>
    public void Served(FlagDefinition flag, int variantIndex, string flagKey)
    {
        if (Current.Value is not { } scope)
        {
            return;
        }

        var home = RuntimeHelpers.GetHashCode(flag);
        if (!TryCached(home, flag, variantIndex, out var cell))
        {
            cell = Table.CellOf(flagKey, flag.VariantNames[variantIndex]);
            if (cell >= 0)
            {
                Remember(home, flag, flagKey, variantIndex, cell);
            }
        }

        if (cell < 0 || !scope.Add(cell))
        {
            Table.CountDropped();
        }
    }

    private bool TryCached(int home, FlagDefinition flag, int variantIndex, out int cell)
    {
        for (var p = 0; p < Probes; p++)
        {
            if (Volatile.Read(ref _cells[(home + p) & (CacheSlots - 1)]) is { } cache && ReferenceEquals(cache.Flag, flag))
            {
                cell = (uint)variantIndex < (uint)cache.Cells.Length ? cache.Cells[variantIndex] : -1;
                return cell >= 0;
            }
        }

        cell = -1;
        return false;
    }

    /// <summary>
    /// Caches the cell in the slot near <paramref name="home"/> that holds this definition, else an older definition
    /// of the same flag (a changed flag replaces its own entry), else an empty one; never another flag's.
    /// </summary>
    private void Remember(int home, FlagDefinition flag, string flagKey, int variantIndex, int cell)
    {
        var slot = -1;
        CellCache? same = null;
        for (var p = 0; p < Probes && same is null; p++)
        {
            var s = (home + p) & (CacheSlots - 1);
            switch (Volatile.Read(ref _cells[s]))
            {
                case { } c when ReferenceEquals(c.Flag, flag):
                    (slot, same) = (s, c);
                    break;
                case { } c when c.Key == flagKey:
                    slot = s;
                    break;
                case null when slot < 0:
                    slot = s;
                    break;
            }
        }

        if (slot < 0 || (uint)variantIndex >= (uint)flag.VariantNames.Count)
        {
            return;
        }

        var cells = same is not null ? (int[])same.Cells.Clone() : NewCells(flag.VariantNames.Count);
        cells[variantIndex] = cell;
        Volatile.Write(ref _cells[slot], new CellCache(flag, flagKey, cells));
    }

    private static int[] NewCells(int count)
    {
        var cells = new int[count];
        Array.Fill(cells, -1);
        return cells;
    }

    /// <summary>The request in flight, if any, was served this variant.</summary>
    public void Served(string flagKey, string variant)
    {
        if (Current.Value is not { } scope)
        {
            return;
        }

        var cell = Table.CellOf(flagKey, variant);
        if (cell < 0 || !scope.Add(cell))
        {
            Table.CountDropped();
        }
    }

    /// <summary>A goal reached in the request in flight counts for every variant it was served.</summary>
    public void Goal(string name)
    {
        if (Current.Value is not { } scope)
        {
            return;
        }

        foreach (var cell in scope.Cells)
        {
            Table.RecordGoal(cell, name);
        }
    }

    internal void Complete(OutcomeScope scope, int statusCode, long elapsedTicks)
    {
        foreach (var cell in scope.Cells)
        {
            Table.RecordRequest(cell, statusCode, elapsedTicks);
        }
    }

    internal OutcomeScope Rent()
    {
        if (t_spare is { } spare)
        {
            t_spare = null;
            return spare;
        }

        for (var i = 0; i < PoolSize; i++)
        {
            if (Volatile.Read(ref _pool[i]) is not null && Interlocked.Exchange(ref _pool[i], null) is { } scope)
            {
                return scope;
            }
        }

        return new OutcomeScope();
    }

    internal void Return(OutcomeScope scope)
    {
        scope.Reset();
        if (t_spare is null)
        {
            t_spare = scope;
            return;
        }

        for (var i = 0; i < PoolSize; i++)
        {
            if (Volatile.Read(ref _pool[i]) is null && Interlocked.CompareExchange(ref _pool[i], scope, null) is null)
            {
                return;
            }
        }
    }

    private sealed class CellCache(FlagDefinition flag, string key, int[] cells)
    {
        public readonly FlagDefinition Flag = flag;
        public readonly string Key = key;
        public readonly int[] Cells = cells;
    }
}
