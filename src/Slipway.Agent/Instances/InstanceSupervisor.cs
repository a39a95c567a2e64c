using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Slipway.Agent.Artifacts;
using Slipway.Agent.Protocol;
using Slipway.Core.Fleet;
using Slipway.Core.Net;
using Slipway.Core.Sandbox;
using System.Text;

namespace Slipway.Agent.Instances;

/// <summary>
/// Runs one instance: unpacks its artifact, starts the process on a free loopback port, watches it,
/// restarts it with exponential backoff when it dies, and stops it gracefully (SIGTERM, then SIGKILL).
/// </summary>
internal sealed partial class InstanceSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly InstanceSpec _spec;
    private readonly InstanceSandbox _sandbox;
    private readonly ArtifactCache _artifacts;
    private readonly string _logDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _loop;
    private int? _pid;
    private int? _port;
    private string _state = InstanceStates.Preparing;
    private int _restarts;
    private int? _lastExitCode;
    private string? _message;
    private string? _outputTail;

    /// <summary>The variable the server's flag SDK key for the service travels in (see Slipway.Sdk's SlipwayOptions.SdkKey).</summary>
    internal const string SdkKeyVariable = "SLIPWAY_SDK_KEY";

    private readonly string _address;

    public InstanceSupervisor(InstanceSpec spec, ArtifactCache artifacts, string logDirectory, TimeProvider time, ILogger logger, Action changed, InstanceSandbox? sandbox = null, string address = "127.0.0.1")
    {
        _address = address;
        _sandbox = sandbox ?? new InstanceSandbox(null, Path.Combine(Path.GetDirectoryName(logDirectory) ?? logDirectory, "home", spec.Service), null);
        _spec = spec;
        _artifacts = artifacts;
        _logDirectory = logDirectory;
        _time = time;
        _logger = logger;
        _changed = changed;
    }

    public InstanceSpec Spec => _spec;

    public InstanceRecord? Record
    {
        get
        {
            lock (_lock)
            {
                return _pid is { } pid && _port is { } port ? new InstanceRecord(_spec.Id, pid, port, _spec.ArtifactDigest) : null;
            }
        }
    }

    public InstanceStatusV1 Status
    {
        get
        {
            lock (_lock)
            {
                return new InstanceStatusV1(_spec.Id, _spec.Service, _spec.Version, _state, _pid, _port, _address, _restarts, _lastExitCode, _message, _outputTail);
            }
        }
    }

    /// <summary>Starts the supervision loop; adopts <paramref name="adopt"/> if that process is still alive.</summary>
    public void Start(InstanceRecord? adopt) => _loop = Task.Run(() => RunAsync(adopt));

    /// <summary>Stops the instance: SIGTERM, wait up to the spec's stop timeout, then SIGKILL.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        int? pid;
        lock (_lock)
        {
            pid = _pid;
            _state = InstanceStates.Stopping;
        }

        _changed();
        if (pid is { } p)
        {
            await TerminateAsync(p, TimeSpan.FromSeconds(_spec.StopTimeoutSeconds));
        }

        lock (_lock)
        {
            _pid = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(InstanceRecord? adopt)
    {
        var ct = _stop.Token;
        try
        {
            if (adopt is not null && NativeSignals.IsAlive(adopt.Pid) && BelongsToInstance(adopt.Pid))
            {
                Set(InstanceStates.Starting, adopt.Pid, adopt.Port, "adopted after agent restart");
                LogAdopted(_logger, _spec.Id, adopt.Pid, adopt.Port);
                await WatchAsync(adopt.Pid, adopt.Port, process: null, ct);
            }

            while (!ct.IsCancellationRequested)
            {
                Set(InstanceStates.Preparing, null, null, "unpacking artifact");
                string directory;
                try
                {
                    directory = await _artifacts.EnsureUnpackedAsync(_spec.ArtifactDigest, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Set(InstanceStates.Failed, null, null, $"artifact: {ex.Message}");
                    await BackoffAsync(ct);
                    continue;
                }

                var port = Ports.FindFree();
                var process = StartProcess(directory, port);
                Set(InstanceStates.Starting, process.Id, port, null);
                LogStarted(_logger, _spec.Id, process.Id, port);
                await WatchAsync(process.Id, port, process, ct);
                if (!ct.IsCancellationRequested)
                {
                    await BackoffAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits until the process listens, then until it exits (or the stop is requested).</summary>
    private async Task WatchAsync(int pid, int port, Process? process, CancellationToken ct)
    {
        var listening = false;
        while (!ct.IsCancellationRequested)
        {
            var exited = process is not null ? process.HasExited : !NativeSignals.IsAlive(pid);
            if (exited)
            {
                int? code = process is not null ? process.ExitCode : null;
                process?.Dispose();
                var tail = await ReadOutputTailAsync();
                lock (_lock)
                {
                    _outputTail = tail;
                    _lastExitCode = code;
                    _restarts++;
                    _pid = null;
                    _port = null;
                    _state = InstanceStates.Backoff;
                    _message = $"exited with code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}";
                }

                LogExited(_logger, _spec.Id, pid, code);
                _changed();
                return;
            }

            if (!listening && await Ports.IsListeningAsync(System.Net.IPAddress.Parse(_address), port, ct))
            {
                listening = true;
                Set(InstanceStates.Listening, pid, port, null);
            }

            await Task.Delay(listening ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromMilliseconds(25), _time, ct);
        }
    }

    /// <summary>
    /// The last lines the instance wrote (stdout and stderr share its log file), masked: what the self-test's evidence
    /// shows when it crashes on start. With secrets the output reaches the file through the masking filter, which may
    /// still be writing the last lines when the process is gone: wait, briefly, until the file stops growing.
    /// </summary>
    private async Task<string?> ReadOutputTailAsync()
    {
        var log = Path.Combine(_logDirectory, $"{_spec.Id}.log");
        var secrets = _sandbox.SecretValues;
        if (secrets.Count > 0)
        {
            var last = -1L;
            for (var i = 0; i < 20; i++)
            {
                var length = File.Exists(log) ? new FileInfo(log).Length : 0;
                if (length == last)
                {
                    break;
                }

                last = length;
                await Task.Delay(TimeSpan.FromMilliseconds(25), _time);
            }
        }

        var tail = InstanceOutput.Read(log);
        if (tail is null || secrets.Count == 0)
        {
            return tail;
        }

        foreach (var needle in SecretNeedles.For(secrets.Values))
        {
            tail = tail.Replace(needle, "***", StringComparison.Ordinal);
        }

        return tail;
    }

    private async Task BackoffAsync(CancellationToken ct)
    {
        int restarts;
        lock (_lock)
        {
            restarts = _restarts;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Max(0, restarts - 1))));
        await Task.Delay(delay, _time, ct);
    }

    private Process StartProcess(string directory, int port)
    {
        Directory.CreateDirectory(_logDirectory);
        var log = Path.Combine(_logDirectory, $"{_spec.Id}.log");
        var command = _spec.Run.Replace("$PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // Output goes to a file, not to the agent: the instance must outlive an agent that is killed. With secrets, it goes
        // through a FIFO to a small filter (perl, itself a process of its own) that masks them before the file.
        // The command and the paths are positional parameters ($1 command, $2 log, $3 FIFO), never spliced into the script.
        var secrets = _sandbox.SecretValues;

        // The flag SDK key comes with the secrets but is not masked: an instance with no secrets of its own keeps its
        // plain log, with no filter process beside it.
        var masked = secrets.Where(s => s.Key != SdkKeyVariable).Select(s => s.Value).ToList();
        var run = _sandbox.User is { } user
            ? $"exec {user.Wrap("/bin/sh", []).FileName} {string.Join(' ', user.Prefix())} /bin/sh -c \"exec $1\""
            : "eval \"exec $1\"";
        var script = masked.Count == 0
            ? $"exec >> \"$2\" 2>&1; {run}"
            : $"rm -f \"$3\"; mkfifo -m 600 \"$3\" || exit 1; perl -e '{MaskFilter}' < \"$3\" >> \"$2\" 2>&1 & exec > \"$3\" 2>&1; unset SLIPWAY_MASK; {run}";
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("slipway-instance");
        info.ArgumentList.Add(command);
        info.ArgumentList.Add(log);
        info.ArgumentList.Add(log + ".pipe");

        // Only what the spec declares, the service's secrets and Slipway's own variables: never the agent's environment.
        Directory.CreateDirectory(_sandbox.Home);
        _sandbox.User?.Own(_sandbox.Home);
        var data = PrepareDataDirectory();
        info.Environment.Clear();
        foreach (var (key, value) in StepEnvironment.Base(_sandbox.Home))
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in _spec.Env)
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in secrets)
        {
            info.Environment[key] = value;
        }

        if (masked.Count > 0)
        {
            info.Environment["SLIPWAY_MASK"] = string.Join(',', SecretNeedles.For(masked).Select(n => Convert.ToHexString(Encoding.UTF8.GetBytes(n))));
        }

        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["SLIPWAY_INSTANCE_ID"] = _spec.Id;
        info.Environment["SLIPWAY_SERVICE"] = _spec.Service;
        info.Environment["SLIPWAY_VERSION"] = _spec.Version;
        info.Environment["SLIPWAY_ADDRESS"] = _address;
        info.Environment["ASPNETCORE_URLS"] = $"http://{_address}:{port}";
        if (data is not null)
        {
            info.Environment["SLIPWAY_DATA_DIR"] = data;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start instance {_spec.Id}.");
    }

    /// <summary>
    /// Creates the service's data folder (and the service's folder above it) readable by its owner only, and hands it
    /// to the user the instance runs as. Returns null when the sandbox has none.
    /// </summary>
    private string? PrepareDataDirectory()
    {
        if (_sandbox.DataDirectory is not { } data)
        {
            return null;
        }

        var service = Path.GetDirectoryName(data)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(data);
            return data;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(service, OwnerOnly);
        Directory.CreateDirectory(data, OwnerOnly);
        File.SetUnixFileMode(service, OwnerOnly);
        File.SetUnixFileMode(data, OwnerOnly);
        if (_sandbox.User is { } user)
        {
            // The service folder too: a user that cannot enter it cannot reach its data folder.
            user.Own(service);
        }

        return data;
    }

    /// <summary>Reads lines, replaces every needle of $SLIPWAY_MASK (hex, comma-separated) with ***, writes them unbuffered.</summary>
    private const string MaskFilter =
        "BEGIN{$|=1;@n=sort{length($b)<=>length($a)}map{pack(q(H*),$_)}split(/,/,$ENV{SLIPWAY_MASK})} while(<STDIN>){for my $n (@n){s/\\Q$n\\E/***/g} print}";

    private bool BelongsToInstance(int pid)
    {
        try
        {
            var environ = File.ReadAllText($"/proc/{pid}/environ");
            return environ.Contains($"SLIPWAY_INSTANCE_ID={_spec.Id}\0", StringComparison.Ordinal);
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

    private async Task TerminateAsync(int pid, TimeSpan timeout)
    {
        NativeSignals.Send(pid, NativeSignals.SigTerm);
        var deadline = _time.GetTimestamp();
        while (NativeSignals.IsAlive(pid))
        {
            if (_time.GetElapsedTime(deadline) > timeout)
            {
                NativeSignals.Send(pid, NativeSignals.SigKill);
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time);
        }

        LogStopped(_logger, _spec.Id, pid);
    }

    private void Set(string state, int? pid, int? port, string? message)
    {
        lock (_lock)
        {
            _state = state;
            _pid = pid;
            _port = port;
            _message = message;
        }

        _changed();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Instance {InstanceId} started as pid {Pid} on port {Port}")]
    private static partial void LogStarted(ILogger logger, string instanceId, int pid, int port);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Instance {InstanceId} (pid {Pid}) exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string instanceId, int pid, int? exitCode);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Instance {InstanceId} (pid {Pid}) stopped")]
    private static partial void LogStopped(ILogger logger, string instanceId, int pid);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Instance {InstanceId} adopted: pid {Pid} on port {Port} survived the agent's restart")]
    private static partial void LogAdopted(ILogger logger, string instanceId, int pid, int port);
}
