using Gamity.Sandbox;
using Gamity.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamity.Testing;

/// <summary>The sandbox (Gamity, casino catalog, wallet) in process on a free loopback port, quiet.</summary>
public static class TestSandbox
{
    public static async Task<WebApplication> StartAsync()
    {
        var sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(new SandboxConsole(TextWriter.Null));
        });
        await sandbox.StartAsync(TestContext.Current.CancellationToken);
        return sandbox;
    }
}
