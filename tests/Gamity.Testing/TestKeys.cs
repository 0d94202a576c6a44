using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamity.Testing;

/// <summary>Signing keys for player tokens, and the verification Gamity would do: a standard validator, the key, one algorithm.</summary>
public static class TestKeys
{
    public static string Hs256Secret(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public static string RsaPem(int bits = 2048)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    public static string EcPem(ECCurve curve)
    {
        using var ecdsa = ECDsa.Create(curve);
        return ecdsa.ExportECPrivateKeyPem();
    }

    public static async Task<TokenValidationResult> ValidateAsync(string token, SecurityKey key, string algorithm) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [algorithm],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
        });
}
