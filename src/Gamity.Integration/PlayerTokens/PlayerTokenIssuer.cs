using Gamity.Integration.GamityApi;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamity.Integration.PlayerTokens;

/// <summary>
/// Signs the widget/lobby JWT: the configured claim names (T2), <c>iat</c>, <c>exp</c> and a fresh <c>jti</c>,
/// with the configured algorithm and key. No <c>nbf</c>: a Gamity clock a little behind ours would otherwise
/// refuse a token for its first seconds.
/// </summary>
public sealed class PlayerTokenIssuer
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly PlayerTokenOptions options;
    private readonly string integrationId;
    private readonly TimeProvider time;
    private readonly SigningCredentials? credentials;

    public PlayerTokenIssuer(IOptions<PlayerTokenOptions> options, IOptions<GamityOptions> gamity, TimeProvider time)
    {
        this.options = options.Value;
        integrationId = gamity.Value.IntegrationId;
        this.time = time;
        var loaded = PlayerTokenSigning.Load(this.options.Algorithm, this.options.SigningKey, this.options.KeyId);
        credentials = loaded.Credentials;
        VerificationKey = loaded.Verification;
    }

    /// <summary>The key that verifies our tokens (the public half for RS256/ES256); null in test mode without a key.</summary>
    public SecurityKey? VerificationKey { get; }

    public PlayerTokenResponse Issue(PlayerTokenRequest request)
    {
        if (credentials is null)
        {
            throw new InvalidOperationException("No signing key is configured (test mode): the endpoint answers isTestMode instead of issuing.");
        }

        var names = options.Claims;
        var claims = new Dictionary<string, object>(10, StringComparer.Ordinal)
        {
            [names.IntegrationId] = integrationId,
            [names.BrandId] = request.BrandId,
            [names.PlayerId] = request.PlayerId,
            [names.Currency] = request.Currency,
            [names.Purpose] = request.Purpose,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (request.GameId is { } gameId)
        {
            claims[names.GameId] = gameId;
        }

        if (request.Language is { } language)
        {
            claims[names.Language] = language;
        }

        // Whole seconds: iat/exp are NumericDate, and the answer's expiresAt must equal the token's exp.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + options.Lifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Issuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer,
            Audience = string.IsNullOrWhiteSpace(options.Audience) ? null : options.Audience,
            SigningCredentials = credentials,
        });
        return new PlayerTokenResponse(token, expires);
    }
}
