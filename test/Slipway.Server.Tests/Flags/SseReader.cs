using System.Text;

namespace Slipway.Server.Tests.Flags;

/// <summary>Reads server-sent events off a real response stream: (event name, data), and comment lines as (":", text).</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<(string Event, string Data)> NextAsync(bool includeComments = false)
    {
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(FlagServer.Token) ?? throw new EndOfStreamException("the stream ended");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (name ?? "message", data.ToString());
                }

                continue;
            }

            if (line[0] == ':')
            {
                if (includeComments)
                {
                    return (":", line[1..].Trim());
                }

                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
