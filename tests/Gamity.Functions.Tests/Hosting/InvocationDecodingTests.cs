using System.Text.Json;
using Gamity.Functions.Hosting.Invocation;

namespace Gamity.Functions.Tests.Hosting;

/// <summary>Payloads shaped exactly as the host sends them (custom-handler reference §3, captured samples).</summary>
public class InvocationDecodingTests
{
    private static InvocationRequest Parse(string json) => InvocationRequest.Parse(JsonDocument.Parse(json));

    [Fact]
    public void Timer_with_schedule_status_and_past_due()
    {
        var request = Parse("""
            { "Data": { "timer": { "Schedule": { "AdjustForDST": true },
                                   "ScheduleStatus": { "Last": "2023-10-12T20:13:49.640002Z", "Next": "2023-10-12T20:16:49Z", "LastUpdated": "2023-10-12T20:13:49.640002Z" },
                                   "IsPastDue": true } },
              "Metadata": { "sys": { "MethodName": "SyncGames", "UtcNow": "2023-10-12T20:13:49.640002Z", "RandGuid": "9cd4f3a1-0000-0000-0000-000000000000" } } }
            """);

        var timer = TimerInfo.Decode(request, "timer");

        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2023, 10, 12, 20, 16, 49, TimeSpan.Zero), timer.Next);
        Assert.Equal(49, timer.Last!.Value.Second);
    }

    [Fact]
    public void Timer_first_run_has_null_schedule_status()
    {
        var request = Parse("""
            { "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "timer", "UtcNow": "2022-07-05T11:40:07.4850616Z", "RandGuid": "9cd4" } } }
            """);

        var timer = TimerInfo.Decode(request, "timer");

        Assert.False(timer.IsPastDue);
        Assert.Null(timer.Last);
        Assert.Null(timer.Next);
    }

    [Fact]
    public void Storage_queue_message_is_double_encoded_and_numbers_are_strings()
    {
        var request = Parse("""
            { "Data": { "message": "\"{\\\"payoutRef\\\":\\\"0e17e833\\\"}\"" },
              "Metadata": { "DequeueCount": "3", "ExpirationTime": "2022-06-20T06:00:06+00:00",
                            "Id": "\"a0004923-f050-417a-9742-6d7c7b984134\"", "InsertionTime": "2022-06-13T06:00:06+00:00",
                            "NextVisibleTime": "2022-06-13T06:10:18+00:00", "PopReceipt": "\"AgAAAAMAAAAAAAAA8d5gQex+2AE=\"",
                            "sys": { "MethodName": "queue", "UtcNow": "2022-06-13T06:00:18.1974545Z", "RandGuid": "d9ba" } } }
            """);

        var message = QueueMessageInfo.Decode(request, "message");

        Assert.Equal("""{"payoutRef":"0e17e833"}""", message.Body);
        Assert.Equal("a0004923-f050-417a-9742-6d7c7b984134", message.MessageId);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal(new DateTimeOffset(2022, 6, 13, 6, 0, 6, TimeSpan.Zero), message.InsertedAt);
    }

    [Fact]
    public void Storage_queue_plain_text_message()
    {
        var message = QueueMessageInfo.Decode(Parse("""{ "Data": { "message": "\"aaaaa\"" }, "Metadata": { "DequeueCount": "1" } }"""), "message");

        Assert.Equal("aaaaa", message.Body);
        Assert.Equal(1, message.DequeueCount);
    }

    [Fact]
    public void Service_bus_batch_cardinality_many_with_array_metadata_as_strings()
    {
        var request = Parse("""
            { "Data": { "rounds": "[\"{\\\"roundId\\\":\\\"r1\\\"}\",\"[{\\\"roundId\\\":\\\"r2\\\"},{\\\"roundId\\\":\\\"r3\\\"}]\",\"not json\"]" },
              "Metadata": { "MessageIdArray": "[\"a1\",\"b2\",\"c3\"]", "DeliveryCountArray": "[1,2,1]",
                            "EnqueuedTimeUtcArray": "[\"2026-11-24T08:00:00.123Z\",\"2026-11-24T08:00:01.456Z\",\"2026-11-24T08:00:02\"]",
                            "LockTokenArray": "[\"l1\",\"l2\",\"l3\"]", "ApplicationPropertiesArray": "[{},{},{}]",
                            "Client": { "FullyQualifiedNamespace": "casino.servicebus.windows.net", "IsClosed": false, "TransportType": 0 },
                            "MessageActions": {},
                            "sys": { "MethodName": "ForwardRounds", "UtcNow": "2026-11-24T08:00:02.000Z", "RandGuid": "x" } } }
            """);

        var messages = ServiceBusTriggerData.DecodeBatch(request, "rounds");

        Assert.Equal(3, messages.Count);
        Assert.Equal("""{"roundId":"r1"}""", messages[0].Body);
        Assert.Equal("""[{"roundId":"r2"},{"roundId":"r3"}]""", messages[1].Body);
        Assert.Equal("not json", messages[2].Body);
        Assert.Equal(["a1", "b2", "c3"], messages.Select(m => m.MessageId));
        Assert.Equal([1, 2, 1], messages.Select(m => m.DeliveryCount));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 2, TimeSpan.Zero), messages[2].EnqueuedAt);
    }

    [Fact]
    public void Service_bus_batch_with_mismatched_metadata_is_refused()
    {
        var request = Parse("""{ "Data": { "rounds": "[\"a\",\"b\"]" }, "Metadata": { "MessageIdArray": "[\"a1\"]" } }""");

        var error = Assert.Throws<InvocationFormatException>(() => ServiceBusTriggerData.DecodeBatch(request, "rounds"));
        Assert.Contains("MessageIdArray", error.Message);
    }

    [Fact]
    public void Service_bus_single_message_with_promoted_body_properties()
    {
        var request = Parse("""
            { "Data": { "queue": "\"{\\\"message\\\":\\\"hello\\\",\\\"number\\\":2}\"" },
              "Metadata": { "MessageReceiver": {}, "Client": { "FullyQualifiedNamespace": "namespace" },
                            "DeliveryCount": "1", "LockToken": "\"4e773554-f6b7-4ea2-b07d-4c5fd5aba741\"",
                            "ExpiresAtUtc": "2023-10-12T20:13:49", "EnqueuedTimeUtc": "2023-10-12T20:13:49",
                            "MessageId": "\"4e773554-f6b7-4ea2-b07d-4c5fd5aba741\"", "ContentType": "\"application/json\"",
                            "SequenceNumber": "1", "ApplicationProperties": {}, "UserProperties": {},
                            "sys": { "MethodName": "helloQueue", "UtcNow": "2023-10-12T20:13:49.640002Z", "RandGuid": "4e77" },
                            "message": "\"hello\"" } }
            """);

        var message = ServiceBusTriggerData.DecodeSingle(request, "queue");

        Assert.Equal("""{"message":"hello","number":2}""", message.Body);
        Assert.Equal("4e773554-f6b7-4ea2-b07d-4c5fd5aba741", message.MessageId);
        Assert.Equal(1, message.DeliveryCount);
        Assert.Equal(TimeSpan.Zero, message.EnqueuedAt!.Value.Offset); // DateTime without offset is UTC
    }

    [Fact]
    public void Non_forwarded_http_request()
    {
        var request = Parse("""
            { "Data": { "req": { "Url": "http://localhost:7071/api/endpoint", "Method": "POST",
                                 "Body": "{\"message\":\"hello\",\"number\":2}", "Params": {}, "Query": { "force": "true" },
                                 "Headers": { "Content-Type": [ "application/json" ], "X-API-Key": [ "k1" ] },
                                 "Identities": [ { "AuthenticationType": "WebJobsAuthLevel", "IsAuthenticated": true,
                                   "Claims": [ { "Type": "http://schemas.microsoft.com/2017/07/functions/claims/authlevel", "Value": "Admin" } ] } ] } },
              "Metadata": { "Params": {}, "Query": {}, "Headers": { "Content-Type": "application/json" },
                            "sys": { "MethodName": "helloHTTP", "UtcNow": "2026-11-24T08:00:00Z", "RandGuid": "r" } } }
            """);

        var http = HttpRequestInfo.Decode(request, "req");

        Assert.Equal("POST", http.Method);
        Assert.Equal("http://localhost:7071/api/endpoint", http.Url);
        Assert.Equal("""{"message":"hello","number":2}""", http.Body);
        Assert.Equal("true", http.Query["force"]);
        Assert.Equal(["k1"], http.Headers["x-api-key"]);
    }

    [Fact]
    public void Http_request_without_body_has_null_body()
    {
        var http = HttpRequestInfo.Decode(Parse("""{ "Data": { "req": { "Url": "http://h/api/health", "Method": "GET", "Headers": {} } } }"""), "req");

        Assert.Null(http.Body);
    }

    [Theory]
    [InlineData("[]", "object")]
    [InlineData("""{ "Metadata": {} }""", "Data")]
    [InlineData("""{ "Data": "x" }""", "Data")]
    [InlineData("""{ "Data": {} }""", "Data.timer")]
    [InlineData("""{ "Data": { "timer": "oops" } }""", "timer object")]
    [InlineData("""{ "Data": { "timer": { "IsPastDue": "maybe" } } }""", "IsPastDue")]
    [InlineData("""{ "Data": { "timer": { "IsPastDue": false, "ScheduleStatus": { "Next": "tomorrow" } } } }""", "ScheduleStatus.Next")]
    public void Malformed_timer_invocations_say_what_is_wrong(string json, string mentioned)
    {
        var error = Assert.Throws<InvocationFormatException>(() => TimerInfo.Decode(Parse(json), "timer"));

        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{ "Data": { "message": {} } }""", "Data.message")]
    [InlineData("""{ "Data": { "message": "\"x\"" }, "Metadata": { "DequeueCount": "many" } }""", "DequeueCount")]
    [InlineData("""{ "Data": { "message": "\"unterminated" }, "Metadata": { "DequeueCount": "1" } }""", null)]
    public void Malformed_queue_invocations_are_refused(string json, string? mentioned)
    {
        if (mentioned is null)
        {
            // A string that merely starts with a quote is taken as the text itself.
            Assert.Equal("\"unterminated", QueueMessageInfo.Decode(Parse(json), "message").Body);
            return;
        }

        var error = Assert.Throws<InvocationFormatException>(() => QueueMessageInfo.Decode(Parse(json), "message"));
        Assert.Contains(mentioned, error.Message);
    }
}
