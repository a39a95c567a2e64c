using System.Diagnostics;
using Slipway.Core.Journal;
using Slipway.Server.Api;

namespace Slipway.Cli.Demo;

/// <summary>The demo's live timeline: one line per journaled event that a person cares about, stamped with the demo clock.</summary>
internal sealed class DemoOutput(TextWriter writer, Stopwatch clock)
{
    private readonly Lock _gate = new();

    public void Line(string text)
    {
        lock (_gate)
        {
            writer.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] {text}");
            writer.Flush();
        }
    }

    public void Blank()
    {
        lock (_gate)
        {
            writer.WriteLine();
        }
    }

    public void Event(SlipwayEvent e)
    {
        if (e is InstancesAdded or InstancesRouted or InstancesUnrouted or InstancesRemoved or PipelineQueued)
        {
            return;
        }

        Line(Views.Describe(e));
    }
}
