using System.Net;

namespace Gamity.Integration.GamityApi;

/// <summary>Gamity answered with a non-success status; carries the status and an excerpt of Gamity's body.</summary>
public sealed class GamityApiException(string operation, HttpStatusCode status, string bodyExcerpt)
    : Exception($"Gamity answered {(int)status} {status} to {operation}: {bodyExcerpt}")
{
    public string Operation { get; } = operation;

    public HttpStatusCode Status { get; } = status;

    public string BodyExcerpt { get; } = bodyExcerpt;

    internal static async Task<GamityApiException> FromResponseAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(operation, response.StatusCode, await Defaults.BodyExcerpt.ReadAsync(response, cancellationToken));
}
