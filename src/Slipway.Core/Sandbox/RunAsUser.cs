using System.Diagnostics;
using System.Globalization;

namespace Slipway.Core.Sandbox;

/// <summary>
/// The unprivileged account that build steps, test steps and instances run as when Slipway itself runs as root
/// (<c>SLIPWAY_RUN_AS</c>, a user name or uid from /etc/passwd; <c>nobody</c> when it is not set). Processes are started
/// through <c>setpriv --reuid --regid --clear-groups</c> (util-linux), so they keep no root group and no supplementary
/// group. Only <c>SLIPWAY_RUN_AS=root</c>, said in so many words, keeps them root.
/// </summary>
public sealed record RunAsUser(string Name, int Uid, int Gid)
{
    /// <summary>The setpriv binary; util-linux installs it in /usr/bin on Debian and Ubuntu.</summary>
    public const string SetPriv = "/usr/bin/setpriv";

    /// <summary>The user a root Slipway runs other people's code as when <c>SLIPWAY_RUN_AS</c> names none.</summary>
    public const string DefaultName = "nobody";

    /// <summary>
    /// The user for <paramref name="name"/> (<see cref="DefaultName"/> when it is empty), or null when this process is
    /// not root (it could not switch, and it is already unprivileged) or when <paramref name="name"/> is <c>root</c> or
    /// <c>0</c> (<see cref="KeepsRoot"/>: the operator asked for it). An unknown name is an error: it must never quietly
    /// mean root.
    /// </summary>
    public static RunAsUser? Resolve(string? name)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || KeepsRoot(name))
        {
            return null;
        }

        name = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length < 4)
            {
                continue;
            }

            if ((fields[0] == name || fields[2] == name)
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                if (uid == 0)
                {
                    throw new InvalidOperationException($"SLIPWAY_RUN_AS={name} has uid 0: name an unprivileged user such as nobody, or say SLIPWAY_RUN_AS=root to keep root knowingly.");
                }

                return new RunAsUser(fields[0], uid, gid);
            }
        }

        throw new InvalidOperationException($"SLIPWAY_RUN_AS={name}: no such user in /etc/passwd (create it, or name another unprivileged user).");
    }

    /// <summary>Whether <paramref name="name"/> asks, explicitly, to keep steps and instances root.</summary>
    public static bool KeepsRoot(string? name) => name?.Trim() is "root" or "0";

    /// <summary>The program and arguments that run <paramref name="fileName"/> as this user.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string fileName, IEnumerable<string> arguments) =>
        (SetPriv, [.. Prefix(), fileName, .. arguments]);

    /// <summary>The setpriv arguments before the program: <c>--reuid=U --regid=G --clear-groups --</c>.</summary>
    public IReadOnlyList<string> Prefix() =>
    [
        string.Create(CultureInfo.InvariantCulture, $"--reuid={Uid}"),
        string.Create(CultureInfo.InvariantCulture, $"--regid={Gid}"),
        "--clear-groups",
        "--",
    ];

    /// <summary>
    /// Makes a folder (and, when <paramref name="recursive"/>, everything in it) this user's, so that a step can write
    /// its workspace and HOME.
    /// </summary>
    public void Own(string path, bool recursive = true)
    {
        Directory.CreateDirectory(path);
        var info = new ProcessStartInfo("chown") { UseShellExecute = false, RedirectStandardError = true };
        if (recursive)
        {
            info.ArgumentList.Add("-R");
        }

        info.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"{Uid}:{Gid}"));
        info.ArgumentList.Add(path);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("chown could not start.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {(recursive ? "-R " : "")}{Uid}:{Gid} {path} failed: {error.Trim()}");
        }
    }
}
