using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Slipway.Core.Journal;
using Slipway.Server.Api;
using Slipway.Server.Journal;
using Slipway.Server.State;

namespace Slipway.Server.Secrets;

/// <summary>
/// The services' secrets. A value is encrypted with ASP.NET Core Data Protection (purpose <c>Slipway.Secrets.v1</c>,
/// the service and the name, so a ciphertext moved to another secret does not decrypt) and only the ciphertext is
/// journaled (<see cref="SecretSet"/>). Values are decrypted only to start a step or an instance, and to mask them.
/// </summary>
internal sealed partial class SecretVault(EventJournal journal, IDataProtectionProvider protection)
{
    public const int MaxNameLength = 128;

    public const int MaxValueLength = 32 * 1024;

    private static readonly string[] Reserved = ["PATH", "HOME", "PORT", "NUGET_PACKAGES", "LANG", "LC_ALL", "TZ", "ASPNETCORE_URLS"];

    public async Task<SecretEntry> SetAsync(string service, string name, string? value, string by, CancellationToken cancellationToken)
    {
        RequireService(service);
        RequireName(name);
        if (value is null)
        {
            throw new SlipwayProblemException(400, "Missing value", "Send {\"value\": \"...\"}.");
        }

        if (value.Length < SecretMasker.MinimumLength || value.Length > MaxValueLength)
        {
            throw new SlipwayProblemException(400, "Invalid secret value",
                $"A secret value is {SecretMasker.MinimumLength} to {MaxValueLength} characters long (a shorter one could not be masked in logs).");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new SlipwayProblemException(400, "Invalid secret value", "A secret value cannot hold a NUL character (it becomes an environment variable).");
        }

        var ciphertext = Protector(service, name).Protect(value);
        await journal.AppendAsync(new SecretSet(service, name, ciphertext, by), cancellationToken);
        return journal.Read(s => s.Secrets[service][name]);
    }

    /// <summary>The name the push webhook's secret is kept under: not an environment variable name, so no instance or step gets it.</summary>
    public const string WebhookName = "@webhook";

    /// <summary>Sets the secret that push webhooks must sign their body with (<c>X-Hub-Signature-256</c>).</summary>
    public async Task<SecretEntry> SetWebhookSecretAsync(string service, string? value, string by, CancellationToken cancellationToken)
    {
        RequireService(service);
        if (value is null || value.Length < 16 || value.Length > 256)
        {
            throw new SlipwayProblemException(400, "Invalid webhook secret", "A webhook secret is 16 to 256 characters long: send {\"value\": \"...\"}.");
        }

        await journal.AppendAsync(new SecretSet(service, WebhookName, Protector(service, WebhookName).Protect(value), by), cancellationToken);
        return journal.Read(s => s.Secrets[service][WebhookName]);
    }

    /// <summary>The service's push webhook secret, or null when it has none (or it no longer decrypts).</summary>
    public string? WebhookSecret(string service)
    {
        var entries = Entries(service);
        if (!entries.TryGetValue(WebhookName, out var entry))
        {
            return null;
        }

        try
        {
            return Protector(service, WebhookName).Unprotect(entry.Ciphertext);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public async Task RemoveAsync(string service, string name, string by, CancellationToken cancellationToken)
    {
        RequireService(service);
        if (!journal.Read(s => s.Secrets.TryGetValue(service, out var secrets) && secrets.ContainsKey(name)))
        {
            throw new SlipwayProblemException(404, "Secret not found", $"Service '{service}' has no secret '{name}'.");
        }

        await journal.AppendAsync(new SecretRemoved(service, name, by), cancellationToken);
    }

    /// <summary>The names of a service's secrets, when they were set and by whom: never their values.</summary>
    public IReadOnlyList<SecretEntry> List(string service)
    {
        RequireService(service);
        return Entries(service).Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The decrypted values of a service's secrets, by name (all of them, or only <paramref name="names"/>). A secret
    /// whose ciphertext no longer decrypts (the key ring was lost or replaced) is left out: it must be set again, and
    /// a build that asks for it fails at its config step rather than every agent's desired state failing.
    /// </summary>
    public IReadOnlyDictionary<string, string> Values(string service, IEnumerable<string>? names = null)
    {
        var entries = Entries(service);
        var wanted = (names is null ? entries.Keys : names.Where(entries.ContainsKey)).Where(n => n != WebhookName);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            try
            {
                values[name] = Protector(service, name).Unprotect(entries[name].Ciphertext);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
            }
        }

        return values;
    }

    /// <summary>Masks every secret of the service.</summary>
    public SecretMasker Masker(string service) => new(Values(service).Values);

    /// <summary>Masks every secret of every service, for text that is not clearly one service's.</summary>
    public SecretMasker MaskerForAll() =>
        new(journal.Read(s => s.Secrets.Keys.ToList()).SelectMany(service => Values(service).Values));

    private ImmutableDictionary<string, SecretEntry> Entries(string service) =>
        journal.Read(s => s.Secrets.TryGetValue(service, out var secrets) ? secrets : ImmutableDictionary<string, SecretEntry>.Empty);

    private IDataProtector Protector(string service, string name) => protection.CreateProtector("Slipway.Secrets.v1", service, name);

    private void RequireService(string service)
    {
        if (!journal.Read(s => s.Services.ContainsKey(service)))
        {
            throw new SlipwayProblemException(404, "Unknown service", $"No service named '{service}'.");
        }
    }

    private static void RequireName(string name)
    {
        if (name.Length > MaxNameLength || !SecretName().IsMatch(name))
        {
            throw new SlipwayProblemException(400, "Invalid secret name",
                $"A secret name is an environment variable name: letters, digits and _, not starting with a digit, at most {MaxNameLength} characters.");
        }

        if (Reserved.Contains(name, StringComparer.Ordinal) || name.StartsWith("SLIPWAY_", StringComparison.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal))
        {
            throw new SlipwayProblemException(400, "Reserved secret name", $"'{name}' is set by Slipway for every step and instance; choose another name.");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SecretName();
}
