using System.Text;
using Slipway.Agent.Protocol;

namespace Slipway.Agent.Instances;

/// <summary>Reads the end of an instance's log file (its stdout and stderr), for the status the agent reports after an exit.</summary>
internal static class InstanceOutput
{
    /// <summary>The last <see cref="OutputTail.MaxLines"/> lines of at most the last <see cref="OutputTail.MaxBytes"/> bytes (searched back <see cref="OutputTail.SearchBytes"/> for the exception's line) of <paramref name="path"/>; null when empty or unreadable.</summary>
    public static string? Read(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, file.Length - OutputTail.SearchBytes);
            file.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[(int)(file.Length - start)];
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            if (start > 0 && text.IndexOf('\n', StringComparison.Ordinal) is var cut and >= 0)
            {
                // The first line was cut by the byte bound: leave it out rather than show half of it.
                text = text[(cut + 1)..];
            }

            return OutputTail.Bound(text);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

}
