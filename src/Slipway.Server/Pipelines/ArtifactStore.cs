using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Immutable, content-addressed artifacts: a directory is packed into a reproducible .tar.gz
/// (sorted entries, fixed timestamps) and stored under its SHA-256 digest.
/// </summary>
internal sealed class ArtifactStore(string root)
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string PathOf(string digest) => Path.Combine(root, $"{digest}.tar.gz");

    public bool Exists(string digest) => File.Exists(PathOf(digest));

    /// <summary>The digests of the artifacts stored now.</summary>
    public IEnumerable<string> Digests() =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.tar.gz").Select(f => Path.GetFileName(f)[..^".tar.gz".Length]).Where(d => !d.StartsWith('.'))
            : [];

    /// <summary>Deletes one artifact; false when it was not there or could not be deleted.</summary>
    public bool TryDelete(string digest)
    {
        try
        {
            File.Delete(PathOf(digest));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Packs <paramref name="directory"/> and returns its digest and size. Packing the same content twice gives the same digest.</summary>
    public async Task<(string Digest, long Bytes)> PackAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The artifact directory '{directory}' does not exist after the build.");
        }

        Directory.CreateDirectory(root);
        var temp = Path.Combine(root, $".pack-{Guid.NewGuid():N}.tar.gz");
        try
        {
            await using (var file = File.Create(temp))
            {
                await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                        .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
                        .Order(StringComparer.Ordinal);
                    foreach (var relative in files)
                    {
                        var entry = new PaxTapeArchiveEntryFactory(relative, Path.Combine(directory, relative)).Create();
                        await tar.WriteEntryAsync(entry.Entry, cancellationToken);
                        await entry.DisposeAsync();
                    }
                }
            }

            string digest;
            await using (var file = File.OpenRead(temp))
            {
                digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            }

            var bytes = new FileInfo(temp).Length;
            var target = PathOf(digest);
            if (File.Exists(target))
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, target);
            }

            return (digest, bytes);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>One reproducible tar entry: fixed time, fixed owner, the file's executable bit kept.</summary>
    private sealed class PaxTapeArchiveEntryFactory(string name, string path)
    {
        public Handle Create()
        {
            var stream = File.OpenRead(path);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                ModificationTime = FixedTime,
                Mode = OperatingSystem.IsWindows() ? (UnixFileMode)0b110_100_100 : File.GetUnixFileMode(path),
                Uid = 0,
                Gid = 0,
                DataStream = stream,
            };
            return new Handle(entry, stream);
        }

        public sealed record Handle(PaxTarEntry Entry, FileStream Stream) : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => Stream.DisposeAsync();
        }
    }
}
