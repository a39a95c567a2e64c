using System.Diagnostics;
using System.Globalization;

namespace Slipway.Server.Tests.Agents;

/// <summary>
/// A second host for a test: a Linux network namespace joined to this one by a veth pair with link-local addresses
/// (169.254.N.1 here, 169.254.N.2 inside). Traffic goes only across the pair. Needs root and `ip`; removed on dispose.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name, string hostSide, int subnet)
    {
        Name = name;
        HostSide = hostSide;
        HostAddress = $"169.254.{subnet.ToString(CultureInfo.InvariantCulture)}.1";
        InsideAddress = $"169.254.{subnet.ToString(CultureInfo.InvariantCulture)}.2";
    }

    public string Name { get; }

    public string HostSide { get; }

    /// <summary>This namespace's end of the pair: where the server listens for the remote agent.</summary>
    public string HostAddress { get; }

    /// <summary>The other host's address: where its instances listen.</summary>
    public string InsideAddress { get; }

    /// <summary>Makes the namespace and the pair, or returns why it cannot be done here (not root, no `ip`, no netns).</summary>
    public static async Task<(NetworkNamespace? Namespace, string? WhyNot)> TryCreateAsync()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            return (null, "network namespaces need root and iproute2's `ip`");
        }

        var id = Random.Shared.Next(0x10000, 0xfffff).ToString("x", CultureInfo.InvariantCulture);
        var subnet = Random.Shared.Next(10, 250);
        var ns = new NetworkNamespace($"slw-{id}", $"slwh{id}", subnet);
        var inside = $"slwa{id}";
        string[][] steps =
        [
            ["netns", "add", ns.Name],
            ["link", "add", ns.HostSide, "type", "veth", "peer", "name", inside],
            ["link", "set", inside, "netns", ns.Name],
            ["addr", "add", $"{ns.HostAddress}/30", "dev", ns.HostSide],
            ["link", "set", ns.HostSide, "up"],
            ["netns", "exec", ns.Name, "ip", "addr", "add", $"{ns.InsideAddress}/30", "dev", inside],
            ["netns", "exec", ns.Name, "ip", "link", "set", inside, "up"],
            ["netns", "exec", ns.Name, "ip", "link", "set", "lo", "up"],
        ];
        foreach (var step in steps)
        {
            var (code, output) = await IpAsync(step);
            if (code != 0)
            {
                await ns.DisposeAsync();
                return (null, $"`ip {string.Join(' ', step)}` failed ({code}): {output.Trim()}");
            }
        }

        return (ns, null);
    }

    /// <summary>The command line that runs <paramref name="args"/> inside the namespace.</summary>
    public string[] Exec(params string[] args) => ["netns", "exec", Name, .. args];

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace removes its end of the pair, and with it the host side.
        await IpAsync(["link", "delete", HostSide]);
        await IpAsync(["netns", "delete", Name]);
    }

    private static async Task<(int Code, string Output)> IpAsync(string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
