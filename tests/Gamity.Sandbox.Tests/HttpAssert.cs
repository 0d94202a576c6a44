using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gamity.Sandbox.Tests;

internal static class HttpAssert
{
    public static async Task<T> OkJsonAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The body was null.");
    }

    /// <summary>Asserts a problem+json answer with the status code and returns its <c>errors</c> list, if any.</summary>
    public static async Task<string[]> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.NotNull(problem);
        Assert.Equal((int)expected, problem.Status);
        return problem.Errors ?? [];
    }

    /// <summary>Asserts a wallet refusal: problem+json with the status and the contract's <c>code</c> and a <c>message</c>.</summary>
    public static async Task WalletErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonSerializer.Deserialize<WalletErrorBody>(body, JsonSerializerOptions.Web);
        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private sealed record ProblemBody(int Status, string? Title, string[]? Errors);

    private sealed record WalletErrorBody(string? Code, string? Message);
}
