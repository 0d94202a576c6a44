using Gamity.Functions.Configuration;
using Gamity.Functions.GamityApi;
using Gamity.Functions.Hosting;
using Gamity.Functions.Hosting.Invocation;
using Gamity.Functions.Http;
using Gamity.Functions.Validation;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Rounds;

/// <summary>Trigger adapters of the rounds pipeline: all three entry points run <see cref="RoundsPipeline"/>.</summary>
public static class RoundsFunctions
{
    /// <summary>Service Bus batch in Functions mode; the Storage queue of the same name standalone.</summary>
    public static readonly ServiceBusBatchFunction ForwardRounds = new(
        "ForwardRounds",
        "Rounds__QueueName",
        services => services.GetRequiredService<IOptions<RoundsOptions>>().Value.QueueName,
        "ServiceBus",
        async (services, messages, cancellationToken) =>
        {
            var outcome = await services.GetRequiredService<RoundsPipeline>().ProcessAsync(
                messages.Select(m => RoundMessage.FromText(m.Body, m.MessageId)).ToList(), cancellationToken);
            return InvocationResult.WithLog($"ForwardRounds: {outcome}");
        });

    /// <summary><c>POST /api/rounds</c>: one round or an array, for casinos that prefer HTTP to a queue.</summary>
    public static readonly HttpFunction ReceiveRounds = new(
        "ReceiveRounds",
        "POST",
        "rounds",
        async Task<IResult> (HttpRequest request, RoundsPipeline pipeline, IOptions<RoundsOptions> options, CancellationToken cancellationToken) =>
        {
            var limits = options.Value.Limits;
            var (body, tooLarge) = await BoundedBody.ReadAsync(request, limits.MaxMessageBytes, cancellationToken);
            if (tooLarge)
            {
                return BoundedBody.TooLargeProblem(limits.MaxMessageBytes, "Rounds__MaxMessageBytes");
            }

            var messageId = request.Headers["X-Message-Id"].FirstOrDefault();
            if (messageId is not null && (string.IsNullOrWhiteSpace(messageId) || messageId.Length > RoundRules.MaxIdLength || IdentifierRules.HasForbiddenCharacter(messageId)))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["X-Message-Id"] = [$"X-Message-Id must be 1–{RoundRules.MaxIdLength} characters without control or bidirectional characters"] },
                    title: "The request is invalid; nothing was stored");
            }

            messageId ??= "http-" + Guid.NewGuid().ToString("N");
            try
            {
                var (outcome, parse) = await pipeline.ProcessBodyAsync(new RoundMessage(body, messageId), cancellationToken);
                return parse.Refusal switch
                {
                    MessageRefusal.None => TypedResults.Ok(outcome),
                    MessageRefusal.TooLarge => TypedResults.Problem(parse.Reason, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request holds too many rounds; nothing was stored"),
                    _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [parse.Reason!] }, title: "The body is not a round or an array of rounds; nothing was stored"),
                };
            }
            catch (RoundsForwardingException exception)
            {
                // Nothing is lost by answering "try again": the resend is safe because Gamity de-duplicates on roundId.
                request.HttpContext.Response.Headers.RetryAfter = "30";
                return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Gamity did not accept every round; send the request again");
            }
        },
        HttpAccess.RoundsKey);

    public static IEnumerable<FunctionDefinition> All => [ForwardRounds, ReceiveRounds];

    public static IServiceCollection AddRounds(this IServiceCollection services)
    {
        services.AddValidatedOptions<RoundsOptions>(RoundsOptions.Section, RoundsOptions.Validate);
        services.AddSingleton(sp =>
        {
            var rounds = sp.GetRequiredService<IOptions<RoundsOptions>>().Value;
            return new RoundParser(rounds.DefaultRoundType, rounds.Limits);
        });
        services.AddSingleton<InvalidRoundStore>();
        services.AddSingleton<RoundsMetrics>();
        services.AddSingleton<FailOpenNotice>();
        services.AddTransient<RoundsPipeline>();
        services.AddHttpClient<GamityRoundsClient>((sp, http) =>
            {
                var gamity = sp.GetRequiredService<IOptions<GamityOptions>>().Value;
                http.BaseAddress = new Uri(gamity.BaseUrl.TrimEnd('/') + "/");
                http.DefaultRequestHeaders.Add(GamityApiRegistration.ApiKeyHeader, gamity.ApiKey);
                http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 64,
            });
        return services;
    }
}
