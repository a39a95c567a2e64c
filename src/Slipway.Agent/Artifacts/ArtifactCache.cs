using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Slipway.Agent.Protocol;

namespace Slipway.Agent.Artifacts;

/// <summary>
/// Keeps recent artifacts unpacked on the host, so starting an old version again (a rollback) needs no download.
/// Each artifact is verified against its SHA-256 digest before it is unpacked.
/// </summary>
internal sealed class ArtifactCache(string root, IAgentServerLink link, TimeProvider time, int keep = 5)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _unpacking = new(StringComparer.Ordinal);

    public async Task<string> EnsureUnpackedAsync(string digest, CancellationToken cancellationToken)
    {
        if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{digest}' is not a SHA-256 digest.", nameof(digest));
        }

        var target = Path.Combine(root, digest);
        if (Directory.Exists(target))
        {
            Directory.SetLastWriteTimeUtc(target, time.GetUtcNow().UtcDateTime);
            return target;
        }

        var task = _unpacking.GetOrAdd(digest, d => new Lazy<Task<string>>(() => UnpackAsync(d, target, cancellationToken))).Value;
        try
        {
            return await task;
        }
        finally
        {
            _unpacking.TryRemove(digest, out _);
        }
    }

    /// <summary>Removes unpacked artifacts beyond the newest <c>keep</c>, except those in use.</summary>
    public void Evict(IReadOnlySet<string> inUse)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        var stale = new DirectoryInfo(root).GetDirectories()
            .Where(d => d.Name.Length == 64)
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .Skip(keep)
            .Where(d => !inUse.Contains(d.Name));
        foreach (var dir in stale)
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use by a process we do not know about; try again next time.
            }
        }
    }

    private async Task<string> UnpackAsync(string digest, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var download = Path.Combine(root, $".{digest}.{Guid.NewGuid():N}.tar.gz");
        var staging = Path.Combine(root, $".{digest}.{Guid.NewGuid():N}");
        try
        {
            await using (var source = await link.OpenArtifactAsync(digest, cancellationToken))
            await using (var file = File.Create(download))
            {
                await source.CopyToAsync(file, cancellationToken);
            }

            await using (var file = File.OpenRead(download))
            {
                var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
                if (actual != digest)
                {
                    throw new InvalidDataException($"Artifact {digest} failed verification: its content hashes to {actual}.");
                }
            }

            await using (var file = File.OpenRead(download))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                Directory.CreateDirectory(staging);
                await TarFile.ExtractToDirectoryAsync(gzip, staging, overwriteFiles: false, cancellationToken);
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another agent process on this host won the race; its copy is identical.
            }

            return target;
        }
        finally
        {
            File.Delete(download);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
