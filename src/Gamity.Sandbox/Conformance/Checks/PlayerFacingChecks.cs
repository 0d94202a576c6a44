using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Gamity.Sandbox.Conformance.CheckContext;

namespace Gamity.Sandbox.Conformance.Checks;

/// <summary>What the casino's backend and the widget call: the player token and widget availability.</summary>
public static class PlayerFacingChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new("tokens.verifies", "POST /api/player-token issues a JWT that verifies with the configured key and algorithm, is unexpired and names the brand and player", CheckNeeds.TokenCallerKey | CheckNeeds.TokenKey, TokenVerifiesAsync),
        new("tokens.refuses", "the token endpoint refuses a missing or wrong caller key (401) and a bad body (400 naming the field)", CheckNeeds.TokenCallerKey, TokenRefusesAsync),
        new("widget.availability", "GET /api/widget/availability answers {load, stale} as booleans, and 400 naming a missing parameter", CheckNeeds.Nothing, AvailabilityAsync),
    ];

    private static JsonObject TokenRequest(CheckContext ctx) => new()
    {
        ["brandId"] = ctx.Settings.Brand,
        ["playerId"] = $"conformance-{ctx.RunId}-token",
        ["currency"] = ctx.Settings.Currency,
        ["gameId"] = ctx.Settings.GameId,
        ["purpose"] = "widget",
    };

    private static async Task TokenVerifiesAsync(CheckContext ctx)
    {
        var request = TokenRequest(ctx);
        var answer = await ctx.SendAsync(HttpMethod.Post, "api/player-token", request.ToJsonString(), ctx.Settings.TokenCallerKey);
        Expect(answer.Status == 200, $"expected 200, got {answer}");
        Expect(answer.Json?["isTestMode"]?.GetValue<bool>() != true, "the deployment is in test mode (PlayerTokens__TestMode): it issues no token to verify");
        var token = answer.Text("token");
        Expect(!string.IsNullOrEmpty(token), $"the answer has no token: {answer}");

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = VerificationKey(ctx.Settings),
            ValidAlgorithms = [ctx.Settings.TokenAlgorithm],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        Expect(validation.IsValid, $"the token does not verify with --token-key and {ctx.Settings.TokenAlgorithm}: {validation.Exception?.Message.Split('\n')[0].Trim()}");
        var jwt = (JsonWebToken)validation.SecurityToken;
        var values = jwt.Claims.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var field in new[] { "brandId", "playerId" })
        {
            Expect(values.Contains(request[field]!.GetValue<string>()), $"no claim of the token carries the {field} '{request[field]}' (claims: {string.Join(", ", jwt.Claims.Select(c => c.Type))})");
        }

        if (answer.Json?["expiresAt"] is JsonValue expiresAt && DateTimeOffset.TryParse(expiresAt.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var stated))
        {
            Expect(Math.Abs((jwt.ValidTo - stated.UtcDateTime).TotalSeconds) <= 1, $"expiresAt {stated:O} is not the token's exp {jwt.ValidTo:O}");
        }
    }

    private static SecurityKey VerificationKey(ConformanceSettings settings)
    {
        if (settings.TokenAlgorithm == "HS256")
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(settings.TokenKey!));
        }

        var pem = File.ReadAllText(settings.TokenKey!);
        if (settings.TokenAlgorithm == "RS256")
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return new ECDsaSecurityKey(ecdsa);
    }

    private static async Task TokenRefusesAsync(CheckContext ctx)
    {
        var request = TokenRequest(ctx).ToJsonString();
        foreach (var (what, key) in new[] { ("no key", (string?)null), ("a wrong key", "conformance-wrong-key-" + ctx.RunId) })
        {
            var answer = await ctx.SendAsync(HttpMethod.Post, "api/player-token", request, key);
            Expect(answer.Status == 401, $"with {what}: expected 401, got {answer}");
            Expect(answer.Text("token") is null, $"with {what}: a token was issued");
        }

        foreach (var (field, value) in new[] { ("playerId", (JsonNode?)null), ("purpose", JsonValue.Create("elsewhere")), ("brandId", JsonValue.Create("brand\u0000")) })
        {
            var bad = TokenRequest(ctx);
            bad[field] = value;
            var answer = await ctx.SendAsync(HttpMethod.Post, "api/player-token", bad.ToJsonString(), ctx.Settings.TokenCallerKey);
            Expect(answer.Status == 400 && answer.IsProblem && answer.Json?["errors"] is JsonObject errors && errors.Any(e => e.Key.Contains(field, StringComparison.OrdinalIgnoreCase)),
                $"with a bad {field}: expected 400 problem+json naming {field}, got {answer}");
        }
    }

    private static async Task AvailabilityAsync(CheckContext ctx)
    {
        var brand = Uri.EscapeDataString(ctx.Settings.Brand);
        var answer = await ctx.SendAsync(HttpMethod.Get, $"api/widget/availability?brandId={brand}&gameId={Uri.EscapeDataString(ctx.Settings.GameId)}");
        Expect(answer.Status == 200, $"expected 200, got {answer}");
        Expect(answer.Json?["load"] is JsonValue load && load.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            $"expected a boolean load, got {answer}");
        Expect(answer.Json?["stale"] is JsonValue stale && stale.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            $"expected a boolean stale, got {answer}");

        var missing = await ctx.SendAsync(HttpMethod.Get, $"api/widget/availability?brandId={brand}");
        Expect(missing.Status == 400 && missing.IsProblem && missing.Body.Contains("gameId", StringComparison.OrdinalIgnoreCase),
            $"without gameId: expected 400 problem+json naming gameId, got {missing}");
    }
}
