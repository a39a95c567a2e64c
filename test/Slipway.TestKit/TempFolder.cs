namespace Slipway.TestKit;

/// <summary>A fresh folder under the system temp folder, deleted (best effort) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private TempFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);

        // A server run as root runs steps and instances as nobody; tests whose steps leave a marker (a pid file, a
        // counter) next to the bed need them to be able to write here, as they could in /tmp (sticky, like /tmp).
        if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("1777", 8));
        }
    }

    public string Path { get; }

    public static TempFolder Create(string name) =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "slipway-tests", $"{name}-{Guid.NewGuid().ToString("N")[..10]}"));

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
