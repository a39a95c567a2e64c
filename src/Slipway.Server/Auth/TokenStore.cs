using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Server.Hosting;

namespace Slipway.Server.Auth;

/// <summary>
/// The tokens, kept in <c>&lt;data&gt;/tokens.json</c> (mode 0600) as SHA-256 hashes only, and in memory as a dictionary
/// from hash to token, so checking a request costs one hash and one lookup. On first start it creates the admin token,
/// hands it out once (<see cref="FirstStartAdminToken"/>) and writes it to <c>&lt;data&gt;/admin-token</c> (0600).
/// Instances get an SDK key derived from a server secret (<see cref="InstanceSdkKey"/>), checked without being stored.
/// </summary>
public sealed class TokenStore
{
    public const string Prefix = "slw_";
    private const string InstancePrefix = "slw_i.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private readonly Lock _gate = new();
    private readonly string _file;
    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private volatile Dictionary<string, ApiToken> _byHash = new(StringComparer.Ordinal);
    private volatile Dictionary<string, ApiToken> _instanceKeys = new(StringComparer.Ordinal);
    private List<ApiToken> _tokens = [];

    internal TokenStore(ServerPaths paths, TimeProvider time)
    {
        _time = time;
        _file = Path.Combine(paths.Root, "tokens.json");
        AdminTokenFile = Path.Combine(paths.Root, "admin-token");
        var secretFile = Path.Combine(paths.Root, "token-secret");
        if (!File.Exists(secretFile))
        {
            SecretFile.Write(secretFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        _secret = Convert.FromBase64String(File.ReadAllText(secretFile).Trim());
        if (File.Exists(_file))
        {
            _tokens = JsonSerializer.Deserialize<List<ApiToken>>(File.ReadAllText(_file), Json) ?? [];
            Publish();
        }
        else
        {
            var secret = NewSecret();
            _tokens = [new ApiToken("admin", TokenScope.Admin, null, null, Hash(secret), time.GetUtcNow())];
            Save();
            SecretFile.Write(AdminTokenFile, secret + "\n");
            FirstStartAdminToken = secret;
        }
    }

    /// <summary>The admin token this start created (first start only), to print once; null on every later start.</summary>
    public string? FirstStartAdminToken { get; }

    /// <summary><c>&lt;data&gt;/admin-token</c>: the first admin token, owner-only. The operator may delete it once saved.</summary>
    public string AdminTokenFile { get; }

    public IReadOnlyList<ApiToken> List()
    {
        lock (_gate)
        {
            return [.. _tokens];
        }
    }

    /// <summary>Creates a token and returns its secret: the only time anyone sees it.</summary>
    public string Create(string name, TokenScope scope, string? host, string? service)
    {
        var secret = NewSecret();
        lock (_gate)
        {
            if (_tokens.Any(t => t.Name == name))
            {
                throw new InvalidOperationException($"A token named '{name}' exists.");
            }

            _tokens = [.. _tokens, new ApiToken(name, scope, host, service, Hash(secret), _time.GetUtcNow())];
            Save();
        }

        return secret;
    }

    /// <summary>Revokes a token by name: false when there is none. The last admin token cannot be revoked.</summary>
    public bool Revoke(string name)
    {
        lock (_gate)
        {
            var token = _tokens.FirstOrDefault(t => t.Name == name);
            if (token is null)
            {
                return false;
            }

            if (token.Scope == TokenScope.Admin && _tokens.Count(t => t.Scope == TokenScope.Admin) == 1)
            {
                throw new InvalidOperationException("This is the last admin token; create another admin token before revoking it.");
            }

            _tokens = _tokens.Where(t => t.Name != name).ToList();
            Save();
            return true;
        }
    }

    /// <summary>The token a secret belongs to, or null: one SHA-256, one dictionary lookup, a constant-time comparison.</summary>
    public ApiToken? Find(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = Hash(secret);
        if (_byHash.TryGetValue(hash, out var token) || _instanceKeys.TryGetValue(hash, out token))
        {
            return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(token.Hash.AsSpan()), MemoryMarshal.AsBytes(hash.AsSpan())) ? token : null;
        }

        return secret.StartsWith(InstancePrefix, StringComparison.Ordinal) ? FindInstanceKey(secret, hash) : null;
    }

    /// <summary>
    /// The SDK key every instance of <paramref name="service"/> gets in <c>SLIPWAY_SDK_KEY</c>: an HMAC of the service
    /// name under this server's secret (<c>&lt;data&gt;/token-secret</c>), so it survives restarts and is stored nowhere.
    /// </summary>
    public string InstanceSdkKey(string service) =>
        InstancePrefix + Base64Url(Encoding.UTF8.GetBytes(service)) + "." + Base64Url(Mac(service));

    /// <summary>The SHA-256 of a secret as lowercase hex: what tokens.json keeps and the dictionary is keyed by.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var length = Encoding.UTF8.GetMaxByteCount(secret.Length);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(secret, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], digest);
        return Convert.ToHexStringLower(digest);
    }

    private static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Mac(string service) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("sdk:" + service));

    private ApiToken? FindInstanceKey(string secret, string hash)
    {
        var parts = secret[InstancePrefix.Length..].Split('.');
        if (parts.Length != 2 || parts[0].Length > 400 || FromBase64Url(parts[0]) is not { } name || FromBase64Url(parts[1]) is not { } mac)
        {
            return null;
        }

        string service;
        try
        {
            service = new UTF8Encoding(false, true).GetString(name);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(service)))
        {
            return null;
        }

        // Remembered by hash, so the next request from that instance costs a lookup; one entry per service at most.
        var token = new ApiToken($"sdk:{service}:instances", TokenScope.Sdk, null, service, hash, _time.GetUtcNow());
        lock (_gate)
        {
            _instanceKeys = new Dictionary<string, ApiToken>(_instanceKeys, StringComparer.Ordinal) { [hash] = token };
        }

        return token;
    }

    private void Save()
    {
        SecretFile.Write(_file, JsonSerializer.Serialize(_tokens, Json));
        Publish();
    }

    private void Publish() => _byHash = _tokens.ToDictionary(t => t.Hash, StringComparer.Ordinal);
}
