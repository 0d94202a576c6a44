using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Gamity.Integration.ActiveGames;
using Gamity.Integration.PlayerTokens;
using Gamity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>POST /api/player-token and GET /api/widget/availability over real HTTP (app + Azurite).</summary>
public class PlayerTokenEndpointTests(Azurite azurite)
{
    private static JsonObject ValidBody() => new()
    {
        ["brandId"] = "brand-1",
        ["playerId"] = "player-7",
        ["currency"] = "EUR",
        ["gameId"] = "game-42",
        ["language"] = "en-GB",
        ["purpose"] = "widget",
    };

    private static HttpClient Caller(Stack stack) => new() { BaseAddress = stack.Client.BaseAddress };

    private static Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(Stack stack, string body, string? key = TestSettings.PlayerTokenCallerKey) =>
        PostAsync(stack, Encoding.UTF8.GetBytes(body), key);

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(Stack stack, byte[] body, string? key = TestSettings.PlayerTokenCallerKey)
    {
        using var client = Caller(stack);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/player-token") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response);
    }

    [Fact]
    public async Task A_caller_with_its_key_gets_a_token_gamity_can_verify()
    {
        await using var stack = await Stack.StartAsync(azurite);

        var (status, body, response) = await PostAsync(stack, ValidBody().ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var answer = JsonNode.Parse(body)!;
        var verification = stack.Services.GetRequiredService<PlayerTokenIssuer>().VerificationKey!;
        var result = await TestKeys.ValidateAsync(answer["token"]!.GetValue<string>(), verification, PlayerTokenSigning.HS256);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("player-7", token.GetClaim("playerId").Value);
        Assert.Equal("local-casino", token.GetClaim("integrationRef").Value);
        Assert.Equal(token.ValidTo, answer["expiresAt"]!.GetValue<DateTimeOffset>().UtcDateTime);

        // The secret the tests configured verifies it too: nothing but the configured key signs.
        var secret = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(TestSettings.PlayerTokenSecret));
        Assert.True((await TestKeys.ValidateAsync(answer["token"]!.GetValue<string>(), secret, PlayerTokenSigning.HS256)).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("player-token-caller-0002")]
    [InlineData("admin-key")]
    [InlineData(TestSettings.GamityInboundKey)]
    public async Task A_missing_or_wrong_caller_key_gets_401_and_no_token(string? key)
    {
        await using var stack = await Stack.StartAsync(azurite);

        var (status, body, _) = await PostAsync(stack, ValidBody().ToJsonString(), key);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.DoesNotContain("token\"", body);
    }

    [Fact]
    public async Task Without_caller_keys_the_endpoint_is_switched_off()
    {
        await using var stack = await Stack.StartAsync(azurite, s => s.Remove("PlayerTokens:CallerApiKeys:0"));

        var (status, body, _) = await PostAsync(stack, ValidBody().ToJsonString());

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("PlayerTokens__CallerApiKeys__0", body);
    }

    [Fact]
    public async Task Test_mode_answers_isTestMode_and_issues_nothing()
    {
        await using var stack = await Stack.StartAsync(azurite, s =>
        {
            s.Remove("PlayerTokens:SigningKey"); // no key from Codemodity yet
            s["PlayerTokens:TestMode"] = "true";
        });

        var (status, body, _) = await PostAsync(stack, ValidBody().ToJsonString());
        var (invalidStatus, _, _) = await PostAsync(stack, "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"isTestMode":true}""", body);
        Assert.Equal(HttpStatusCode.BadRequest, invalidStatus); // validation still runs: integration errors show early
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_problem()
    {
        await using var stack = await Stack.StartAsync(azurite);

        var (status, body, response) = await PostAsync(stack, """{"brandId":"","playerId":7,"currency":"euro","language":"english","purpose":"banner"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.Equal(["brandId", "currency", "language", "playerId", "purpose"], errors.Select(e => e.Key).Order());
    }

    private static readonly Gen<JsonNode?> WrongValue = Gen.OneOf<JsonNode?>(
        Gen.Const(() => (JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Const(() => (JsonNode?)new JsonArray("a")),
        Gen.Const(() => (JsonNode?)new JsonObject { ["nested"] = true }),
        Gen.Const(() => (JsonNode?)JsonValue.Create("   ")),
        Gen.String[101, 5000].Select(s => (JsonNode?)JsonValue.Create(s)));

    private static readonly string[] Required = ["brandId", "playerId", "currency", "purpose"];

    private static readonly Gen<(string Field, JsonNode? Value)> BadField = Gen.OneOf(
        Gen.Int[0, Required.Length - 1].SelectMany(i => WrongValue.Select(v => (Required[i], v))),
        // gameId and language are optional: absent or blank is fine, a wrong type or an over-long string is not.
        Gen.OneOf("gameId", "language").SelectMany(f => WrongValue.Where(v => v is not null && !(v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>().Length <= 100)).Select(v => (f, v))),
        Gen.OneOf("eur", "EURO", "E1", "€", "").Select(c => ("currency", (JsonNode?)JsonValue.Create(c))),
        Gen.OneOf("WIDGET", "Lobby", "banner", "").Select(p => ("purpose", (JsonNode?)JsonValue.Create(p))),
        Gen.OneOf("english", "EN", "en_GB", "e", "en-", "1234").Select(l => ("language", (JsonNode?)JsonValue.Create(l))));

    private static readonly string[] Identifiers = ["brandId", "playerId", "gameId", "currency", "purpose"];

    private static readonly Gen<string> MalformedText = Gen.Frequency(
        (8, BadField.Array[1, 3].Select(changes => JsonEdits.WithChanges(ValidBody(), changes))),
        (1, Gen.Const(() => ValidBody().ToJsonString().Replace("\"brandId\":\"brand-1\"", "\"brandId\":\"brand-1\",\"brandId\":\"brand-2\"", StringComparison.Ordinal))),
        (2, Gen.OneOf(
            Gen.OneOf("", "null", "[]", "42", "\"text\"", "{", "{\"a\":}", "not json"),
            Gen.Int[17, 100].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
            Gen.Int[70_000, 90_000].Select(n => "{\"playerId\":\"" + new string('x', n) + "\"}"))));

    private static readonly Gen<byte[]> Malformed = Gen.Frequency(
        (11, MalformedText.Select(Encoding.UTF8.GetBytes)),
        (2, HostileText.Bodies(ValidBody(), Identifiers, ["language"])));

    [Fact]
    public async Task Five_hundred_generated_malformed_bodies_are_all_400_and_issue_no_token()
    {
        await using var stack = await Stack.StartAsync(azurite);
        var answered = 0;

        await Check.SampleAsync(Malformed, async body =>
        {
            var (status, answer, response) = await PostAsync(stack, body);
            var tooLarge = body.Length > 64 * 1024;
            Assert.True(status == (tooLarge ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest), $"{status} for {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}: {answer}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(tooLarge ? "\"title\"" : "\"errors\"", answer);
            Assert.DoesNotContain("\"token\"", answer);
            Interlocked.Increment(ref answered);
        }, iter: 500, threads: 1);

        Assert.True(answered >= 500);
    }

    [Fact]
    public async Task Undecodable_or_forbidden_text_in_any_field_is_a_400_naming_that_field()
    {
        await using var stack = await Stack.StartAsync(azurite);

        foreach (var (shape, value, identifiersOnly) in HostileText.Shapes)
        {
            foreach (var field in identifiersOnly ? Identifiers : [.. Identifiers, "language"])
            {
                var (status, answer, _) = await PostAsync(stack, HostileText.Body(ValidBody(), field, value));

                Assert.True(status == HttpStatusCode.BadRequest, $"{shape} in {field}: {status} {answer}");
                Assert.True(JsonNode.Parse(answer)!["errors"]![field] is not null, $"{shape} in {field}: the problem names another field: {answer}");
            }
        }
    }

    private static async Task SaveSnapshotAsync(Stack stack, DateTimeOffset fetchedAt, params (string Game, string[] Brands)[] games) =>
        await stack.Services.GetRequiredService<ActiveGamesStore>().SaveAsync(
            new ActiveGamesDocument { FetchedAt = fetchedAt, Games = [.. games.Select(g => new ActiveGame { GameId = g.Game, BrandIds = [.. g.Brands] })] }, Ct);

    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> AvailabilityAsync(Stack stack, string query, string? origin = null)
    {
        using var client = Caller(stack);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/widget/availability" + query);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        var response = await client.SendAsync(request, Ct);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Availability_is_true_for_an_active_pair_and_false_otherwise_with_the_snapshot_age()
    {
        await using var stack = await Stack.StartAsync(azurite);
        await SaveSnapshotAsync(stack, DateTimeOffset.UtcNow.AddSeconds(-42), ("game-42", ["brand-1"]));

        var (active, activeBody) = await AvailabilityAsync(stack, "?brandId=brand-1&gameId=game-42");
        var (_, otherBrand) = await AvailabilityAsync(stack, "?brandId=brand-2&gameId=game-42");
        var (_, otherGame) = await AvailabilityAsync(stack, "?brandId=brand-1&gameId=game-43");

        Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        Assert.True(activeBody!["load"]!.GetValue<bool>());
        Assert.False(activeBody["stale"]!.GetValue<bool>());
        Assert.InRange(activeBody["snapshotAge"]!.GetValue<long>(), 42, 120);
        Assert.Equal("public, max-age=30", active.Headers.CacheControl?.ToString());
        Assert.False(otherBrand!["load"]!.GetValue<bool>());
        Assert.False(otherGame!["load"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_stale_or_missing_snapshot_fails_open()
    {
        await using var stack = await Stack.StartAsync(azurite, s => s["ActiveGames:StaleAfter"] = "00:15:00");

        var (_, missing) = await AvailabilityAsync(stack, "?brandId=brand-1&gameId=game-43");
        Assert.True(missing!["load"]!.GetValue<bool>());
        Assert.True(missing["stale"]!.GetValue<bool>());
        Assert.Null(missing["snapshotAge"]);

        await SaveSnapshotAsync(stack, DateTimeOffset.UtcNow.AddMinutes(-16), ("game-42", ["brand-1"]));
        var (_, stale) = await AvailabilityAsync(stack, "?brandId=brand-1&gameId=game-43");
        Assert.True(stale!["load"]!.GetValue<bool>());
        Assert.True(stale["stale"]!.GetValue<bool>());
        Assert.InRange(stale["snapshotAge"]!.GetValue<long>(), 16 * 60, 17 * 60);
    }

    [Theory]
    [InlineData("", "brandId", "gameId")]
    [InlineData("?brandId=brand-1", "gameId")]
    [InlineData("?gameId=game-1&brandId=%20", "brandId")]
    [InlineData("?gameId=game-1%0D%0AINFO%20forged&brandId=brand-1", "gameId")]
    [InlineData("?gameId=game-1&brandId=b%E2%80%AEx", "brandId")]
    public async Task Availability_without_both_ids_is_a_400_naming_them(string query, params string[] fields)
    {
        await using var stack = await Stack.StartAsync(azurite);

        var (response, body) = await AvailabilityAsync(stack, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields.Order(), body!["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Browsers_on_an_allowed_origin_may_read_availability_and_others_may_not()
    {
        await using var stack = await Stack.StartAsync(azurite, s => s["Widget:AllowedOrigins:0"] = "https://casino.example");

        var (allowed, _) = await AvailabilityAsync(stack, "?brandId=b&gameId=g", "https://casino.example");
        var (other, _) = await AvailabilityAsync(stack, "?brandId=b&gameId=g", "https://evil.example");

        Assert.Equal("https://casino.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("Origin", other.Headers.Vary);
    }

    [Theory]
    [InlineData("HS256", "c2hvcnQtc2VjcmV0LTE2Yg==", "PlayerTokens__SigningKey is too weak: 128 bits")]
    [InlineData("none", TestSettings.PlayerTokenSecret, "PlayerTokens__Algorithm must be HS256, RS256 or ES256, got 'none'")]
    [InlineData("HS256", null, "PlayerTokens__SigningKey is required")]
    public async Task The_app_refuses_to_start_with_a_weak_or_missing_key_or_alg_none(string algorithm, string? key, string message)
    {
        var settings = TestSettings.Environment(azurite.NewAccount());
        settings["PlayerTokens__Algorithm"] = algorithm;
        settings["PlayerTokens__SigningKey"] = key;
        await using var app = AppProcess.Start(settings, "--urls", $"http://127.0.0.1:{Azurite.FreePort()}");

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, app.Output);
        Assert.DoesNotContain("   at ", app.Output);
    }
}
