namespace Slipway.Server.Secrets;

/// <summary>The folder of the Data Protection key ring: created, and kept, readable by the server's user only (0700).</summary>
internal static class SecretKeyRing
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static DirectoryInfo Create(string path)
    {
        var directory = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, OwnerOnly);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
            foreach (var file in directory.EnumerateFiles())
            {
                File.SetUnixFileMode(file.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return directory;
    }
}
