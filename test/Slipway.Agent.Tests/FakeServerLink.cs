using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Slipway.Agent;
using Slipway.Agent.Protocol;
using Slipway.Core.Fleet;

namespace Slipway.Agent.Tests;

/// <summary>
/// A hand-written server for an agent under test: the test sets the desired instances, the agent long-polls them,
/// and its reports are kept. It serves one small artifact.
/// </summary>
internal sealed class FakeServerLink : IAgentServerLink
{
    private readonly Lock _gate = new();
    private readonly byte[] _artifact;
    private DesiredStateV1 _desired = new(0, []);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeServerLink()
    {
        _artifact = Pack(("app.txt", "a tiny artifact\n"));
        Digest = Convert.ToHexStringLower(SHA256.HashData(_artifact));
    }

    public string Digest { get; }

    public AgentReportV1? LastReport { get; private set; }

    public void SetDesired(params InstanceSpec[] instances)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _desired = new DesiredStateV1(_desired.Generation + 1, instances);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public InstanceStatusV1? Status(string id) => LastReport?.Instances.FirstOrDefault(i => i.Id == id);

    public async Task<DesiredStateV1> GetDesiredAsync(string host, long afterGeneration, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_desired.Generation != afterGeneration)
                {
                    return _desired;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public Task ReportAsync(AgentReportV1 report, CancellationToken cancellationToken)
    {
        LastReport = report;
        return Task.CompletedTask;
    }

    public MetricsReportV1? LastMetrics { get; private set; }

    public Task ReportMetricsAsync(MetricsReportV1 report, CancellationToken cancellationToken)
    {
        LastMetrics = report;
        return Task.CompletedTask;
    }

    public Task<Stream> OpenArtifactAsync(string digest, CancellationToken cancellationToken) =>
        digest == Digest
            ? Task.FromResult<Stream>(new MemoryStream(_artifact, writable: false))
            : throw new FileNotFoundException($"No artifact {digest}.");

    private static byte[] Pack(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
