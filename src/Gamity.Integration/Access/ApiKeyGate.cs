using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Integration.Access;

/// <summary>
/// Keys presented in <c>X-API-Key</c>, compared in constant time. Each endpoint asks its gate first, in both hosts,
/// so the check is part of the behaviour rather than of a host's pipeline.
/// </summary>
public static class ApiKeyGate
{
    public const string Header = "X-API-Key";

    /// <summary>Null when the request may go on; otherwise the answer: 403 when no key is configured, 401 for a missing or wrong key.</summary>
    /// <param name="keys">The accepted keys (more than one during a rotation); none = the endpoint is switched off.</param>
    /// <param name="disabledHint">Says which setting switches the endpoint on.</param>
    public static ProblemHttpResult? Refuse(HttpRequest request, IEnumerable<string?> keys, string disabledHint)
    {
        var accepted = keys.Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).ToList();
        if (accepted.Count == 0)
        {
            return TypedResults.Problem($"This endpoint is switched off: {disabledHint}.", statusCode: StatusCodes.Status403Forbidden, title: "Endpoint disabled");
        }

        return Matches(request.Headers[Header].ToString(), accepted) ? null : Unauthorized(StatusCodes.Status401Unauthorized);
    }

    public static ProblemHttpResult Unauthorized(int status) =>
        TypedResults.Problem($"Missing or wrong {Header}.", statusCode: status, title: "Unauthorized");

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
