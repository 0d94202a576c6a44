using System.Security.Cryptography;
using System.Text;
using Gamity.Integration.GamityApi;
using Gamity.Integration.PlayerTokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Gamity.Testing;
using Microsoft.IdentityModel.Tokens;
using static Gamity.Testing.TestKeys;

namespace Gamity.Integration.Tests.PlayerTokens;

/// <summary>Tokens verified the way Gamity would: a standard validator, the verification key, the one algorithm.</summary>
public class PlayerTokenSigningTests
{
    private static readonly PlayerTokenRequest Request = new("brand-1", "player-7", "EUR", "game-42", "pt-BR", PlayerTokenRequest.Widget);

    private static string KeyFor(string algorithm) => algorithm switch
    {
        PlayerTokenSigning.HS256 => Hs256Secret(),
        PlayerTokenSigning.RS256 => RsaPem(),
        _ => EcPem(ECCurve.NamedCurves.nistP256),
    };

    public static PlayerTokenIssuer Issuer(string algorithm, string key, Action<PlayerTokenOptions>? configure = null)
    {
        var options = new PlayerTokenOptions { Algorithm = algorithm, SigningKey = key };
        configure?.Invoke(options);
        Assert.Empty(PlayerTokenOptions.Validate(options));
        return new PlayerTokenIssuer(Options.Create(options), Options.Create(new GamityOptions { IntegrationId = "local-casino" }), TimeProvider.System);
    }

    [Theory]
    [InlineData(PlayerTokenSigning.HS256)]
    [InlineData(PlayerTokenSigning.RS256)]
    [InlineData(PlayerTokenSigning.ES256)]
    public async Task A_token_round_trips_with_every_claim_and_its_expiry(string algorithm)
    {
        var issuer = Issuer(algorithm, KeyFor(algorithm), o => o.KeyId = "key-2026");
        var before = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var issued = issuer.Issue(Request);

        var result = await ValidateAsync(issued.Token, issuer.VerificationKey!, algorithm);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(algorithm, token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal("key-2026", token.Kid);
        Assert.Equal("local-casino", token.GetClaim("integrationRef").Value);
        Assert.Equal("brand-1", token.GetClaim("brandRef").Value);
        Assert.Equal("player-7", token.GetClaim("playerId").Value);
        Assert.Equal("game-42", token.GetClaim("gameId").Value);
        Assert.Equal("EUR", token.GetClaim("currency").Value);
        Assert.Equal("pt-BR", token.GetClaim("language").Value);
        Assert.Equal("widget", token.GetClaim("purpose").Value);
        Assert.Equal(32, token.Id.Length);
        Assert.False(token.TryGetClaim("nbf", out _));
        Assert.InRange(token.IssuedAt, before.UtcDateTime, DateTime.UtcNow);
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
        Assert.Equal(issued.ExpiresAt.UtcDateTime, token.ValidTo);
    }

    [Fact]
    public async Task Claim_names_lifetime_issuer_and_audience_follow_the_settings_and_optional_claims_are_left_out()
    {
        var issuer = Issuer(PlayerTokenSigning.HS256, Hs256Secret(), o =>
        {
            o.Lifetime = TimeSpan.FromMinutes(5);
            o.Issuer = "casino.example";
            o.Audience = "gamity";
            o.Claims.PlayerId = "sub";
            o.Claims.BrandId = "brand";
            o.Claims.IntegrationId = "accountId";
        });

        var issued = issuer.Issue(Request with { GameId = null, Language = null, Purpose = PlayerTokenRequest.Lobby });

        var token = (JsonWebToken)(await ValidateAsync(issued.Token, issuer.VerificationKey!, PlayerTokenSigning.HS256)).SecurityToken;
        Assert.Equal("player-7", token.Subject);
        Assert.Equal("brand-1", token.GetClaim("brand").Value);
        Assert.Equal("local-casino", token.GetClaim("accountId").Value);
        Assert.Equal("lobby", token.GetClaim("purpose").Value);
        Assert.Equal("casino.example", token.Issuer);
        Assert.Equal(["gamity"], token.Audiences);
        Assert.False(token.TryGetClaim("gameId", out _));
        Assert.False(token.TryGetClaim("language", out _));
        Assert.False(token.TryGetClaim("playerId", out _));
        Assert.Equal(TimeSpan.FromMinutes(5), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public void Every_token_has_its_own_jti()
    {
        var issuer = Issuer(PlayerTokenSigning.HS256, Hs256Secret());
        var ids = Enumerable.Range(0, 1_000).Select(_ => new JsonWebToken(issuer.Issue(Request).Token).Id).ToHashSet();
        Assert.Equal(1_000, ids.Count);
    }

    [Theory]
    [InlineData(PlayerTokenSigning.HS256)]
    [InlineData(PlayerTokenSigning.RS256)]
    [InlineData(PlayerTokenSigning.ES256)]
    public async Task A_tampered_token_fails_validation(string algorithm)
    {
        var issuer = Issuer(algorithm, KeyFor(algorithm));
        var parts = issuer.Issue(Request).Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("player-7", "player-8", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.False((await ValidateAsync(tampered, issuer.VerificationKey!, algorithm)).IsValid);
        Assert.True((await ValidateAsync($"{parts[0]}.{parts[1]}.{parts[2]}", issuer.VerificationKey!, algorithm)).IsValid); // the control
    }

    [Theory]
    [InlineData(PlayerTokenSigning.HS256)]
    [InlineData(PlayerTokenSigning.RS256)]
    [InlineData(PlayerTokenSigning.ES256)]
    public async Task A_token_checked_with_another_key_fails_validation(string algorithm)
    {
        var issued = Issuer(algorithm, KeyFor(algorithm)).Issue(Request);
        var other = Issuer(algorithm, KeyFor(algorithm));

        Assert.False((await ValidateAsync(issued.Token, other.VerificationKey!, algorithm)).IsValid);
    }

    [Theory]
    [InlineData(PlayerTokenSigning.HS256)]
    [InlineData(PlayerTokenSigning.ES256)]
    public async Task An_alg_none_token_with_our_claims_fails_validation(string algorithm)
    {
        var issuer = Issuer(algorithm, KeyFor(algorithm));
        var payload = issuer.Issue(Request).Token.Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");

        Assert.False((await ValidateAsync($"{header}.{payload}.", issuer.VerificationKey!, algorithm)).IsValid);
        Assert.False((await ValidateAsync($"{header}.{payload}", issuer.VerificationKey!, algorithm)).IsValid);
    }

    [Fact]
    public async Task An_expired_token_fails_validation()
    {
        var options = new PlayerTokenOptions { SigningKey = Hs256Secret(), Lifetime = TimeSpan.FromMinutes(1) };
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-2));
        var issuer = new PlayerTokenIssuer(Options.Create(options), Options.Create(new GamityOptions { IntegrationId = "x" }), clock);

        var result = await ValidateAsync(issuer.Issue(Request).Token, issuer.VerificationKey!, PlayerTokenSigning.HS256);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    public static TheoryData<string, string?, string> RefusedKeys() => new()
    {
        { PlayerTokenSigning.HS256, null, "is required" },
        { PlayerTokenSigning.HS256, "", "is required" },
        { PlayerTokenSigning.HS256, Hs256Secret(31), "too weak: 248 bits" },
        { PlayerTokenSigning.HS256, Hs256Secret(16), "too weak: 128 bits" },
        { PlayerTokenSigning.HS256, "not base64 at all!", "in base64" },
        { PlayerTokenSigning.RS256, RsaPem(1024), "too weak: a 1024-bit RSA key" },
        { PlayerTokenSigning.RS256, PublicRsaPem(), "public key" },
        { PlayerTokenSigning.RS256, Hs256Secret(), "not a usable RS256 key" },
        { PlayerTokenSigning.ES256, EcPem(ECCurve.NamedCurves.nistP384), "P-256" },
        { PlayerTokenSigning.ES256, RsaPem(), "not a usable ES256 key" },
        { "none", Hs256Secret(), "must be HS256, RS256 or ES256" },
        { "HS512", Hs256Secret(64), "must be HS256, RS256 or ES256" },
        { "hs256", Hs256Secret(), "must be HS256, RS256 or ES256" },
    };

    private static string PublicRsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public void A_weak_missing_or_wrong_key_is_refused_with_the_setting_named(string algorithm, string? key, string reason)
    {
        var errors = PlayerTokenOptions.Validate(new PlayerTokenOptions { Algorithm = algorithm, SigningKey = key }).ToList();

        var error = Assert.Single(errors);
        Assert.Contains(reason, error);
        Assert.Contains("PlayerTokens__", error);
    }

    [Fact]
    public void A_pem_pasted_on_one_line_with_escaped_newlines_is_accepted()
    {
        var oneLine = EcPem(ECCurve.NamedCurves.nistP256).Replace("\n", "\\n", StringComparison.Ordinal);
        Assert.Empty(PlayerTokenOptions.Validate(new PlayerTokenOptions { Algorithm = PlayerTokenSigning.ES256, SigningKey = oneLine }));
    }

    [Fact]
    public void Test_mode_needs_no_key_but_a_key_that_is_set_must_still_be_good()
    {
        Assert.Empty(PlayerTokenOptions.Validate(new PlayerTokenOptions { TestMode = true }));
        Assert.Contains(PlayerTokenOptions.Validate(new PlayerTokenOptions { TestMode = true, SigningKey = Hs256Secret(8) }), e => e.Contains("too weak"));
    }

    [Fact]
    public void Claim_names_must_be_distinct_non_empty_and_not_registered_ones()
    {
        var options = new PlayerTokenOptions { SigningKey = Hs256Secret() };
        options.Claims.GameId = "exp";
        options.Claims.Language = "";
        options.Claims.Currency = "playerId";

        var errors = PlayerTokenOptions.Validate(options).ToList();

        Assert.Contains(errors, e => e.Contains("PlayerTokens__Claims__GameId") && e.Contains("'exp'"));
        Assert.Contains(errors, e => e.Contains("PlayerTokens__Claims__Language"));
        Assert.Contains(errors, e => e.Contains("PlayerId, Currency") && e.Contains("'playerId'"));
    }

    [Theory]
    [InlineData("short-key")]
    [InlineData("a-caller-key-0001,b-caller-key-0002,c-caller-key-0003")]
    public void Caller_keys_must_be_long_enough_and_at_most_two(string keys)
    {
        var options = new PlayerTokenOptions { SigningKey = Hs256Secret(), CallerApiKeys = [.. keys.Split(',')] };
        Assert.Contains(PlayerTokenOptions.Validate(options), e => e.Contains("PlayerTokens__CallerApiKeys__0"));
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("1.00:00:01")]
    public void The_lifetime_is_bounded(string lifetime)
    {
        var options = new PlayerTokenOptions { SigningKey = Hs256Secret(), Lifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Contains(PlayerTokenOptions.Validate(options), e => e.Contains("PlayerTokens__Lifetime"));
    }
}
