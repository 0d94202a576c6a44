using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Gamity.Integration.Scheduling;
using Gamity.Integration.PlayerTokens;
using Gamity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gamity.Standalone.Tests.EndToEnd;

/// <summary>
/// The sample in samples/widget (docs/widget-integration.md) runs as documented: its Node backend gets a real
/// token from the app for the session's player, and serves the page that mounts the widget.
/// </summary>
public class WidgetSampleTests(Azurite azurite)
{
    [Fact]
    public async Task The_sample_backend_gets_a_verifiable_token_for_its_session_player_and_serves_the_page()
    {
        await using var stack = await Stack.StartAsync(azurite);
        var port = Azurite.FreePort();
        using var sample = StartSample(stack, port);
        using var stop = Stopper(sample);
        using var browser = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilListeningAsync(browser, sample);

        var page = await browser.GetStringAsync("/", Ct);
        using var tokenResponse = await browser.PostAsync("/casino/widget-token?gameId=game-42", null, Ct);
        var answer = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync(Ct))!;

        Assert.Contains("gamityWidgetRoot", page);
        Assert.Contains("/api/widget/availability", page);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var verification = stack.Services.GetRequiredService<PlayerTokenIssuer>().VerificationKey!;
        var result = await TestKeys.ValidateAsync(answer["token"]!.GetValue<string>(), verification, PlayerTokenSigning.HS256);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("player-1", token.GetClaim("playerId").Value); // from the backend's session, not the browser
        Assert.Equal("game-42", token.GetClaim("gameId").Value);
        Assert.Equal("widget", token.GetClaim("purpose").Value);
    }

    [Fact]
    public async Task With_a_wrong_caller_key_the_sample_passes_the_apps_401_on()
    {
        await using var stack = await Stack.StartAsync(azurite);
        var port = Azurite.FreePort();
        using var sample = StartSample(stack, port, callerKey: "not-the-caller-key");
        using var stop = Stopper(sample);
        using var browser = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilListeningAsync(browser, sample);

        using var response = await browser.PostAsync("/casino/widget-token?gameId=game-42", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("\"token\"", await response.Content.ReadAsStringAsync(Ct));
    }

    private static Process StartSample(Stack stack, int port, string callerKey = TestSettings.PlayerTokenCallerKey)
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoRoot.Combine("samples", "widget", "server.mjs"));
        start.Environment["GAMITY_APP_URL"] = stack.App.ListeningAddress().ToString();
        start.Environment["PLAYER_TOKEN_CALLER_KEY"] = callerKey;
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node (Node 20 must be on PATH)");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the sample when the test ends, whatever the outcome.</summary>
    private static IDisposable Stopper(Process sample) => new Kill(sample);

    private sealed class Kill(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitUntilListeningAsync(HttpClient client, Process sample)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            Assert.False(sample.HasExited, $"the sample exited with code {(sample.HasExited ? sample.ExitCode : 0)}");
            try
            {
                using var response = await client.GetAsync("/casino/session", Ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the sample did not listen within 30 s");
            await Task.Delay(100, Ct);
        }
    }
}
