using System.Text;
using System.Text.Json.Nodes;
using Gamity.Testing;

namespace Gamity.Sandbox.Tests.Conformance;

/// <summary>For every conformance check, a way a deployment can break what it proves.</summary>
public static class Breaks
{
    public static readonly IReadOnlyDictionary<string, Break> ByCheck = new Dictionary<string, Break>
    {
        ["health.answers"] = new("health answers 503", Inbound: c => Answer(c, "/api/health", 503, """{"status":"unhealthy"}""")),
        ["openapi.served"] = new("no API document", Inbound: c => Answer(c, "/api/openapi.json", 404, "{}")),
        ["access.inbound-key"] = new("ignores Gamity's key", Inbound: c => WithKey(c, "/api/gamity/", TestSettings.GamityInboundKey)),
        ["access.operator-key"] = new("the operator view ignores the admin key", Inbound: c => WithKey(c, "/api/payouts/", ConformanceKitTests.AdminKey)),
        ["payouts.happy-path"] = new("answers 200 without moving money", Inbound: c => Answer(c, "/api/gamity/payouts", 200, $$"""{"transactionId":"tx-{{Guid.NewGuid()}}"}""")),
        ["payouts.repeat"] = ExecutesEveryCall("payoutRef"),
        ["payouts.concurrent-duplicates"] = ExecutesEveryCall("payoutRef"),
        ["payouts.ref-letter-case"] = CaseSensitiveRefs("payoutRef"),
        ["payouts.same-ref-different-body"] = AcceptsReusedRefs(),
        ["payouts.malformed-bodies"] = Answers500ToBadBodies("/api/gamity/payouts"),
        ["debits.happy-path"] = new("answers 200 without moving money", Inbound: c => Answer(c, "/api/gamity/debits", 200, $$"""{"transactionId":"tx-{{Guid.NewGuid()}}"}""")),
        ["debits.repeat"] = ExecutesEveryCall("debitRef"),
        ["debits.concurrent-duplicates"] = ExecutesEveryCall("debitRef"),
        ["debits.ref-letter-case"] = CaseSensitiveRefs("debitRef"),
        ["debits.same-ref-different-body"] = AcceptsReusedRefs(),
        ["debits.malformed-bodies"] = Answers500ToBadBodies("/api/gamity/debits"),
        ["refusals.amount-above-maximum"] = UnstableRefusalCodes(),
        ["refusals.wallet-refusals"] = UnstableRefusalCodes(),
        ["tokens.verifies"] = new("signs tokens with another key", Outbound: c =>
        {
            if (c.IsPost("/api/player-token") && c.Status == 200 && Json(c) is JsonObject answer && answer["token"]?.GetValue<string>() is { } token)
            {
                answer["token"] = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
                c.Answer = Encoding.UTF8.GetBytes(answer.ToJsonString());
            }
        }),
        ["tokens.refuses"] = new("issues tokens to any caller", Inbound: c => WithKey(c, "/api/player-token", TestSettings.PlayerTokenCallerKey)),
        ["widget.availability"] = new("answers availability as numbers", Outbound: c =>
        {
            if (c.Path == "/api/widget/availability" && c.Status == 200)
            {
                c.AnswerJson(200, """{"load":1,"stale":0}""");
            }
        }),
        ["rounds.accepts"] = new("fails every round", Inbound: c => Answer(c, "/api/rounds", 500, "{}")),
        ["rounds.refuses-bad"] = new("takes bodies that are not rounds", Outbound: c =>
        {
            if (c.IsPost("/api/rounds") && c.Status == 400)
            {
                c.AnswerJson(200, """{"messages":1,"received":0,"invalid":0,"filteredOut":0,"forwarded":0,"rejected":0,"failedOpen":false}""");
            }
        }),
        ["wallet.errors-and-lost-answers"] = ExecutesEveryCall("payoutRef"),
        ["wallet.outage"] = new("refuses payouts for good while the wallet is down", Outbound: c =>
        {
            if (c.IsPost("/api/gamity/payouts") && c.Status == 503)
            {
                c.AnswerJson(422, """{"code":"WALLET_UNAVAILABLE"}""");
            }
        }),
        ["debits.rollback-after-window"] = new("tells Gamity a rolled-back debit succeeded", Outbound: c =>
        {
            if (c.IsPost("/api/gamity/debits") && c.Status == 422 && Json(c)?["code"]?.GetValue<string>() == "DEBIT_ROLLED_BACK")
            {
                c.AnswerJson(200, """{"transactionId":"tx-rolled-back"}""");
            }
        }),
    };

    private static void Answer(ProxiedCall call, string path, int status, string json)
    {
        if (call.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
        {
            call.AnswerJson(status, json);
        }
    }

    private static void WithKey(ProxiedCall call, string pathPrefix, string key)
    {
        if (call.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            call.Headers["X-API-Key"] = key;
        }
    }

    private static JsonNode? Json(ProxiedCall call)
    {
        try
        {
            return JsonNode.Parse(call.Answer);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static void EditBody(ProxiedCall call, Action<JsonObject> edit)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(call.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        if (body is not null)
        {
            edit(body);
            call.Body = Encoding.UTF8.GetBytes(body.ToJsonString());
        }
    }

    /// <summary>Every call is a new operation: the ref is replaced by a fresh one on the way in.</summary>
    private static Break ExecutesEveryCall(string refField) => new($"executes every call of a {refField} anew", Inbound: c =>
    {
        if (c.Method == "POST" && c.Path.StartsWith("/api/gamity/", StringComparison.Ordinal))
        {
            EditBody(c, b =>
            {
                if (b[refField] is not null)
                {
                    b[refField] = Guid.NewGuid().ToString();
                }
            });
        }
    });

    /// <summary>A ref with capital letters is a different operation.</summary>
    private static Break CaseSensitiveRefs(string refField) => new($"compares {refField} case-sensitively", Inbound: c =>
        EditBody(c, b =>
        {
            if (b[refField]?.GetValue<string>() is { } reference && reference.Any(char.IsUpper))
            {
                b[refField] = Guid.NewGuid().ToString();
            }
        }));

    private static Break AcceptsReusedRefs() => new("accepts a reused ref with another body", Outbound: c =>
    {
        if (c.Status == 422 && Json(c)?["code"]?.GetValue<string>() == "IDEMPOTENCY_KEY_REUSED")
        {
            c.AnswerJson(200, """{"transactionId":"tx-reused"}""");
        }
    });

    private static Break Answers500ToBadBodies(string path) => new("answers 500 to bad bodies", Outbound: c =>
    {
        if (c.IsPost(path) && c.Status is 400 or 413)
        {
            c.AnswerJson(500, "{}");
        }
    });

    private static Break UnstableRefusalCodes()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        return new("changes the refusal code on repeat", Outbound: c =>
        {
            if (c.Status == 422 && Json(c)?["code"]?.GetValue<string>() is { } code && seen.AddOrUpdate(Encoding.UTF8.GetString(c.Body), 1, (_, n) => n + 1) > 1)
            {
                c.AnswerJson(422, $$"""{"code":"{{code}}_AGAIN"}""");
            }
        });
    }
}
