using System.Security.Cryptography;
using Gamity.Integration.Defaults;
using Microsoft.IdentityModel.Tokens;

namespace Gamity.Integration.PlayerTokens;

/// <summary>
/// Turns <c>PlayerTokens__Algorithm</c> + <c>PlayerTokens__SigningKey</c> into signing credentials, refusing
/// anything weak: an HS256 secret under 256 bits, an RSA key under 2048 bits, an EC key not on P-256, a public
/// key where a private one is needed, and every algorithm but the three (so <c>none</c> cannot be configured).
/// </summary>
public static class PlayerTokenSigning
{
    public const string HS256 = "HS256";
    public const string RS256 = "RS256";
    public const string ES256 = "ES256";
    public const int MinSecretBytes = 32;
    public const int MinRsaBits = 2048;

    private static readonly string AlgorithmSetting = ValidatedOptions.Setting(PlayerTokenOptions.Section, nameof(PlayerTokenOptions.Algorithm));
    private static readonly string KeySetting = ValidatedOptions.Setting(PlayerTokenOptions.Section, nameof(PlayerTokenOptions.SigningKey));

    /// <param name="Verification">The key that verifies what <paramref name="Credentials"/> signs (the public half for RS256/ES256).</param>
    public sealed record Loaded(SigningCredentials? Credentials, SecurityKey? Verification, string? Error);

    public static Loaded Load(string? algorithm, string? signingKey, string? keyId)
    {
        if (string.IsNullOrWhiteSpace(signingKey))
        {
            return Fail($"{KeySetting} is required: the key Codemodity provides for the widget/lobby token ({HS256}: the secret in base64; {RS256}/{ES256}: the PEM private key). " +
                "Set PlayerTokens__TestMode=true to integrate the widget before the key exists.");
        }

        try
        {
            var (credentials, verification) = algorithm switch
            {
                HS256 => Hmac(signingKey),
                RS256 => Rsa(signingKey),
                ES256 => Ecdsa(signingKey),
                _ => throw new KeyRefusedException($"{AlgorithmSetting} must be {HS256}, {RS256} or {ES256}, got '{algorithm}'."),
            };
            if (!string.IsNullOrWhiteSpace(keyId))
            {
                credentials.Key.KeyId = keyId;
            }

            return new Loaded(credentials, verification, null);
        }
        catch (KeyRefusedException refused)
        {
            return Fail(refused.Message);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or FormatException)
        {
            return Fail($"{KeySetting} is not a usable {algorithm} key: {exception.Message}");
        }
    }

    private static Loaded Fail(string error) => new(null, null, error);

    private static (SigningCredentials, SecurityKey) Hmac(string base64)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new KeyRefusedException($"{KeySetting} must be the {HS256} secret in base64 (e.g. `openssl rand -base64 32`).");
        }

        if (secret.Length < MinSecretBytes)
        {
            throw new KeyRefusedException($"{KeySetting} is too weak: {secret.Length * 8} bits; {HS256} needs a secret of at least {MinSecretBytes * 8} bits ({MinSecretBytes} bytes before base64).");
        }

        var key = new SymmetricSecurityKey(secret);
        return (new SigningCredentials(key, SecurityAlgorithms.HmacSha256), key);
    }

    private static (SigningCredentials, SecurityKey) Rsa(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(Pem(pem));
        RequirePrivate(() => rsa.ExportParameters(includePrivateParameters: true), RS256);
        if (rsa.KeySize < MinRsaBits)
        {
            throw new KeyRefusedException($"{KeySetting} is too weak: a {rsa.KeySize}-bit RSA key; {RS256} needs at least {MinRsaBits} bits.");
        }

        var verification = RSA.Create();
        verification.ImportParameters(rsa.ExportParameters(includePrivateParameters: false));
        return (new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256), new RsaSecurityKey(verification));
    }

    private static (SigningCredentials, SecurityKey) Ecdsa(string pem)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(Pem(pem));
        var parameters = RequirePrivate(() => ecdsa.ExportParameters(includePrivateParameters: true), ES256);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new KeyRefusedException($"{KeySetting} must be an EC key on P-256 (prime256v1) for {ES256}, got curve {parameters.Curve.Oid.FriendlyName ?? parameters.Curve.Oid.Value}.");
        }

        var verification = ECDsa.Create(new ECParameters { Curve = parameters.Curve, Q = parameters.Q });
        return (new SigningCredentials(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256), new ECDsaSecurityKey(verification));
    }

    private static T RequirePrivate<T>(Func<T> export, string algorithm)
    {
        try
        {
            return export();
        }
        catch (CryptographicException)
        {
            throw new KeyRefusedException($"{KeySetting} holds a public key; {algorithm} signs with the PEM *private* key.");
        }
    }

    /// <summary>A PEM pasted into a single-line setting often arrives with literal <c>\n</c>; restore the line breaks.</summary>
    private static string Pem(string value) => value.Contains('\n', StringComparison.Ordinal) ? value : value.Replace("\\n", "\n", StringComparison.Ordinal);

    private sealed class KeyRefusedException(string message) : Exception(message);
}
