using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gamity.Integration.ApiDocument;

/// <summary>The <c>X-API-Key</c> an endpoint wants: one security scheme of the OpenAPI document each.</summary>
public sealed record ApiKeyRequirement(string Scheme)
{
    public const string GamityInbound = "GamityInbound";
    public const string Admin = "Admin";
    public const string Rounds = "Rounds";
    public const string PlayerTokenCaller = "PlayerTokenCaller";

    internal static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [GamityInbound] = "The key Gamity presents on payouts and debits (Inbound__ApiKeys__N), from an address in Inbound__AllowedIpRanges.",
        [Admin] = "The operators' key (Admin__ApiKey): catalog sync commands, payout and debit views and re-drives.",
        [Rounds] = "A casino system's key for POST /api/rounds (Rounds__ApiKeys__N).",
        [PlayerTokenCaller] = "A casino backend's key for player tokens (PlayerTokens__CallerApiKeys__N).",
    };
}

/// <summary>
/// The OpenAPI 3.1 document of every HTTP route (docs/openapi.json). It is generated from the endpoints
/// (<see cref="GenerateAsync"/>, run by the test that keeps the committed file current) and the committed file is
/// what both hosts serve at <c>GET /api/openapi.json</c>: the Function App has no endpoint table to generate it from.
/// </summary>
public static class ApiDocumentEndpoints
{
    public const string DocumentName = "gamity";
    public const string Route = "openapi.json";
    private const string ResourceName = "Gamity.Integration.openapi.json";

    private static readonly Lazy<byte[]> Committed = new(() =>
    {
        using var stream = typeof(ApiDocumentEndpoints).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(ApiDocumentEndpoints).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(DocumentName, options =>
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Gamity integration",
                Version = typeof(ApiDocumentEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0",
                Description = "What a casino's Gamity integration answers: Gamity's payouts and debits, rounds, player tokens, the widget, health and the operators' commands. Errors are problem+json (RFC 9457).",
            };
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = ApiKeyRequirement.Descriptions.ToDictionary(
                d => d.Key,
                d => (IOpenApiSecurityScheme)new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key", Description = d.Value });
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, _, _) =>
        {
            // The generator describes the web defaults of System.Text.Json; the inbound readers are stricter
            // (Input/InboundRequestReader.cs): a number is a JSON number, never a string, and an optional field may be absent.
            if (schema is OpenApiSchema editable)
            {
                if (editable.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer)))
                {
                    editable.Type = type & ~JsonSchemaType.String;
                    editable.Pattern = null;
                }

                foreach (var (name, property) in editable.Properties ?? new Dictionary<string, IOpenApiSchema>())
                {
                    if (property.Type?.HasFlag(JsonSchemaType.Null) == true)
                    {
                        editable.Required?.Remove(name);
                    }
                }
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().FirstOrDefault() is { } key)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(key.Scheme, context.Document)] = [] }];
            }

            return Task.CompletedTask;
        });
    });

    public static IEndpointRouteBuilder MapApiDocumentEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet(Route, Get).WithName("GetOpenApiDocument").Produces(StatusCodes.Status200OK, contentType: "application/json");
        return api;
    }

    /// <summary><c>GET /api/openapi.json</c>: the committed document (docs/openapi.json).</summary>
    public static FileContentHttpResult Get() => TypedResults.Bytes(Committed.Value, "application/json");

    /// <summary>The document as the endpoints of <paramref name="services"/> describe it, as JSON.</summary>
    public static async Task<string> GenerateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName).GetOpenApiDocumentAsync(cancellationToken);
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
    }

    /// <summary>The problem+json answers an endpoint gives besides those its typed results declare.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }

    /// <summary>Says which key an endpoint wants, for the document.</summary>
    public static TBuilder RequiresApiKey<TBuilder>(this TBuilder endpoint, string scheme)
        where TBuilder : IEndpointConventionBuilder => endpoint.WithMetadata(new ApiKeyRequirement(scheme));
}
