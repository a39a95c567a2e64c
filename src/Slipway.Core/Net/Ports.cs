using System.Net;
using System.Net.Sockets;

namespace Slipway.Core.Net;

/// <summary>Loopback ports: the agent picks one per instance, the server one per front door.</summary>
internal static class Ports
{
    /// <summary>Asks the OS for a free loopback port.</summary>
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken) =>
        IsListeningAsync(IPAddress.Loopback, port, cancellationToken);

    /// <summary>Whether something accepts TCP connections on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(address.AddressFamily);
        try
        {
            await client.ConnectAsync(address, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
