using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Gamity.Integration.GamityApi;
using Gamity.Integration.PlayerTokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamity.Benchmarks.Tokens;

/// <summary>
/// <see cref="PlayerTokenIssuer.Issue"/> with each of the three algorithms, one token per call on one thread, against
/// the least work a JWT of the same shape needs: the same header and claims written with <see cref="Utf8JsonWriter"/>
/// into a reused buffer, base64url-encoded and signed with <see cref="HMACSHA256.TryHashData"/> (and once more with a
/// keyed HMAC kept across calls). The ratio to that baseline is the library's overhead. Every token is checked once in <see cref="Setup"/> (it validates, and the
/// hand-rolled one carries the same claims as the issuer's) so nothing broken is measured.
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    public const string IntegrationId = "gamity-integration-0001";

    /// <summary>What a casino's game-launch backend asks for when the widget opens inside a game.</summary>
    public static readonly PlayerTokenRequest Request = new(
        BrandId: "brand-000042",
        PlayerId: "player-7f3c2a9154e8",
        Currency: "EUR",
        GameId: "PNG_GAME_0001234",
        Language: "en-GB",
        Purpose: PlayerTokenRequest.Widget);

    // The header never changes, so its base64url form is computed once: that is part of "the least work".
    private static readonly byte[] HeaderBase64Url = Base64UrlUtf8("""{"alg":"HS256","typ":"JWT"}"""u8);

    private PlayerTokenIssuer hs256 = null!;
    private PlayerTokenIssuer es256 = null!;
    private PlayerTokenIssuer rs256 = null!;

    // Hand-rolled HS256: the secret, the claim names the issuer uses, a reused JSON buffer and writer.
    private byte[] secret = [];
    private TimeSpan lifetime;
    private PlayerTokenClaimNames names = new();
    private JsonEncodedText integrationRef, brandRef, playerId, currency, purpose, gameId, language, jti, iat, exp;
    private readonly ArrayBufferWriter<byte> payload = new(512);
    private Utf8JsonWriter writer = null!;
    private HMACSHA256 keyedHmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        secret = RandomNumberGenerator.GetBytes(PlayerTokenSigning.MinSecretBytes);
        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var rsa = RSA.Create(2048))
        {
            hs256 = Issuer(PlayerTokenSigning.HS256, Convert.ToBase64String(secret), out var options);
            es256 = Issuer(PlayerTokenSigning.ES256, ec.ExportECPrivateKeyPem(), out _);
            rs256 = Issuer(PlayerTokenSigning.RS256, rsa.ExportPkcs8PrivateKeyPem(), out _);
            lifetime = options.Lifetime;
            names = options.Claims;
        }

        integrationRef = JsonEncodedText.Encode(names.IntegrationId);
        brandRef = JsonEncodedText.Encode(names.BrandId);
        playerId = JsonEncodedText.Encode(names.PlayerId);
        currency = JsonEncodedText.Encode(names.Currency);
        purpose = JsonEncodedText.Encode(names.Purpose);
        gameId = JsonEncodedText.Encode(names.GameId);
        language = JsonEncodedText.Encode(names.Language);
        jti = JsonEncodedText.Encode(JwtRegisteredClaimNames.Jti);
        iat = JsonEncodedText.Encode(JwtRegisteredClaimNames.Iat);
        exp = JsonEncodedText.Encode(JwtRegisteredClaimNames.Exp);
        writer = new Utf8JsonWriter(payload, new JsonWriterOptions { SkipValidation = true });
        keyedHmac = new HMACSHA256(secret);

        var reference = Check("Issue_HS256", Issue_HS256().Token, hs256.VerificationKey!, "HS256");
        Check("Issue_ES256", Issue_ES256().Token, es256.VerificationKey!, "ES256");
        Check("Issue_RS256", Issue_RS256().Token, rs256.VerificationKey!, "RS256");
        var handrolled = Check("Handrolled_HS256", Handrolled_HS256().Token, new SymmetricSecurityKey(secret), "HS256");
        SameClaims(reference, handrolled);
        SameClaims(reference, Check("Handrolled_HS256_KeyedHmac", Handrolled_HS256_KeyedHmac().Token, new SymmetricSecurityKey(secret), "HS256"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        writer.Dispose();
        keyedHmac.Dispose();
    }

    [Benchmark]
    public PlayerTokenResponse Issue_HS256() => hs256.Issue(Request);

    [Benchmark]
    public PlayerTokenResponse Issue_ES256() => es256.Issue(Request);

    [Benchmark]
    public PlayerTokenResponse Issue_RS256() => rs256.Issue(Request);

    /// <summary>
    /// The same token by hand: header (pre-encoded) "." base64url(claims) "." base64url(HMAC-SHA256), built in a
    /// rented buffer; the only allocations are the token string and the answer record.
    /// </summary>
    [Benchmark(Baseline = true)]
    public PlayerTokenResponse Handrolled_HS256() => Handrolled(keyed: null);

    /// <summary>
    /// The same, but with one keyed <see cref="HMACSHA256"/> kept across calls (as the library caches one per key):
    /// the one-shot <see cref="HMACSHA256.TryHashData"/> sets the key up again on every call.
    /// </summary>
    [Benchmark]
    public PlayerTokenResponse Handrolled_HS256_KeyedHmac() => Handrolled(keyedHmac);

    private PlayerTokenResponse Handrolled(HMACSHA256? keyed)
    {
        var request = Request;
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var expires = now + (long)lifetime.TotalSeconds;
        Span<byte> id = stackalloc byte[32];
        Guid.NewGuid().TryFormat(id, out var idLength, "N");

        payload.ResetWrittenCount();
        writer.Reset();
        writer.WriteStartObject();
        writer.WriteString(integrationRef, IntegrationId);
        writer.WriteString(brandRef, request.BrandId);
        writer.WriteString(playerId, request.PlayerId);
        writer.WriteString(currency, request.Currency);
        writer.WriteString(purpose, request.Purpose);
        writer.WriteString(jti, id[..idLength]);
        if (request.GameId is { } game)
        {
            writer.WriteString(gameId, game);
        }

        if (request.Language is { } lang)
        {
            writer.WriteString(language, lang);
        }

        writer.WriteNumber(iat, now);
        writer.WriteNumber(exp, expires);
        writer.WriteEndObject();
        writer.Flush();

        var json = payload.WrittenSpan;
        var header = HeaderBase64Url;
        var payloadLength = Base64Url.GetEncodedLength(json.Length);
        var signatureStart = header.Length + 1 + payloadLength + 1;
        var total = signatureStart + Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var token = rented.AsSpan(0, total);
            header.CopyTo(token);
            token[header.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(json, token.Slice(header.Length + 1, payloadLength));
            token[signatureStart - 1] = (byte)'.';

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            var signingInput = token[..(signatureStart - 1)];
            if (keyed is null)
            {
                HMACSHA256.TryHashData(secret, signingInput, mac, out _);
            }
            else
            {
                keyed.TryComputeHash(signingInput, mac, out _);
            }

            Base64Url.EncodeToUtf8(mac, token[signatureStart..]);
            return new PlayerTokenResponse(Encoding.ASCII.GetString(token), DateTimeOffset.FromUnixTimeSeconds(expires));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static PlayerTokenIssuer Issuer(string algorithm, string key, out PlayerTokenOptions options)
    {
        options = new PlayerTokenOptions { Algorithm = algorithm, SigningKey = key };
        var errors = PlayerTokenOptions.Validate(options).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{algorithm} options refused: {string.Join(" ", errors)}");
        }

        return new PlayerTokenIssuer(Options.Create(options), Options.Create(new GamityOptions { IntegrationId = IntegrationId }), TimeProvider.System);
    }

    /// <summary>The token validates with <paramref name="key"/>, is signed with <paramref name="algorithm"/>, carries the request.</summary>
    private static JsonWebToken Check(string name, string token, SecurityKey key, string algorithm)
    {
        var result = new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidAlgorithms = [algorithm],
        }).GetAwaiter().GetResult();
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            throw new InvalidOperationException($"{name}: the token does not validate: {result.Exception?.Message}");
        }

        if (jwt.Alg != algorithm || jwt.Typ != "JWT" || jwt.GetClaim("brandRef").Value != Request.BrandId || jwt.GetClaim("gameId").Value != Request.GameId)
        {
            throw new InvalidOperationException($"{name}: unexpected header or claims: {jwt.EncodedHeader} / {Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload))}");
        }

        return jwt;
    }

    /// <summary>Same header, same claim names, same values (jti aside, which is fresh each time; iat/exp may cross a second).</summary>
    private static void SameClaims(JsonWebToken issued, JsonWebToken handrolled)
    {
        static Dictionary<string, string> Claims(JsonWebToken t) => t.Claims.ToDictionary(c => c.Type, c => c.Value, StringComparer.Ordinal);

        var a = Claims(issued);
        var b = Claims(handrolled);
        var sameNames = a.Keys.Order(StringComparer.Ordinal).SequenceEqual(b.Keys.Order(StringComparer.Ordinal));
        var sameValues = sameNames && a.Keys.Where(k => k is not ("jti" or "iat" or "exp")).All(k => a[k] == b[k]);
        static long Seconds(Dictionary<string, string> claims, string name) => long.Parse(claims[name], CultureInfo.InvariantCulture);
        var sameTimes = sameNames && Math.Abs(Seconds(a, "iat") - Seconds(b, "iat")) <= 1
            && Seconds(a, "exp") - Seconds(a, "iat") == Seconds(b, "exp") - Seconds(b, "iat");
        var sameHeader = Base64UrlEncoder.Decode(issued.EncodedHeader) == Base64UrlEncoder.Decode(handrolled.EncodedHeader);
        if (!(sameValues && sameTimes && sameHeader) || a["jti"].Length != 32 || b["jti"].Length != 32)
        {
            throw new InvalidOperationException(
                "The hand-rolled token differs from the issuer's:\n" +
                $"  issuer:     {Base64UrlEncoder.Decode(issued.EncodedHeader)} {Base64UrlEncoder.Decode(issued.EncodedPayload)}\n" +
                $"  hand-rolled: {Base64UrlEncoder.Decode(handrolled.EncodedHeader)} {Base64UrlEncoder.Decode(handrolled.EncodedPayload)}");
        }
    }

    private static byte[] Base64UrlUtf8(ReadOnlySpan<byte> data)
    {
        var encoded = new byte[Base64Url.GetEncodedLength(data.Length)];
        Base64Url.EncodeToUtf8(data, encoded);
        return encoded;
    }
}
