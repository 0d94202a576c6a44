using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gamity.Functions.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Key for operator commands (sent in <c>X-API-Key</c>). Unset: the admin endpoints answer 403.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Guards operator endpoints with <c>Admin__ApiKey</c>, compared in constant time.</summary>
public static class AdminEndpointFilter
{
    public const string Header = "X-API-Key";

    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var configured = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
            if (string.IsNullOrEmpty(configured))
            {
                return TypedResults.Problem("The admin API is disabled: set Admin__ApiKey to enable it.", statusCode: StatusCodes.Status403Forbidden, title: "Admin API disabled");
            }

            var presented = context.HttpContext.Request.Headers[Header].ToString();
            return KeysMatch(presented, configured)
                ? await next(context)
                : TypedResults.Problem("Missing or wrong X-API-Key.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        });

    /// <summary>Constant-time comparison of SHA-256 digests, so neither content nor length leaks through timing.</summary>
    public static bool KeysMatch(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
