using System.Security.Cryptography;
using System.Text;

namespace Gamity.Functions.Http;

/// <summary>Guards an endpoint with a set of keys presented in <c>X-API-Key</c>, compared in constant time.</summary>
public static class ApiKeyFilter
{
    public const string Header = "X-API-Key";

    /// <param name="keys">The accepted keys (more than one during a rotation); none = the endpoint is switched off (403).</param>
    /// <param name="disabledHint">Says which setting switches the endpoint on.</param>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, Func<IServiceProvider, IReadOnlyList<string?>> keys, string disabledHint)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var accepted = keys(context.HttpContext.RequestServices).Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).ToList();
            if (accepted.Count == 0)
            {
                return TypedResults.Problem($"This endpoint is switched off: {disabledHint}.", statusCode: StatusCodes.Status403Forbidden, title: "Endpoint disabled");
            }

            return Matches(context.HttpContext.Request.Headers[Header].ToString(), accepted)
                ? await next(context)
                : TypedResults.Problem($"Missing or wrong {Header}.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        });

    /// <summary>
    /// Compares SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/> against every key
    /// (no early exit), so neither a key's content, its length nor which key matched leaks through timing.
    /// </summary>
    public static bool Matches(string presented, IReadOnlyList<string> accepted)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in accepted)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match;
    }
}
