using Gamity.Sandbox.Casino;
using Gamity.Sandbox.Control;
using Gamity.Sandbox.Gamity;
using Gamity.Sandbox.Shared;
using Gamity.Sandbox.Wallet;
using Microsoft.AspNetCore.Hosting;

namespace Gamity.Sandbox;

/// <summary>A fake Gamity, a fake casino catalog and a fake casino wallet, for local runs and end-to-end tests.</summary>
public static class SandboxApp
{
    public const string DefaultUrl = "http://127.0.0.1:5100";

    // A 50,000-game catalog with ~20 brands per game is 20–30 MB of JSON; leave plenty of room.
    private const long MaxRequestBodyBytes = 256L * 1024 * 1024;

    /// <param name="args">Command-line arguments; <c>--urls http://127.0.0.1:0</c> picks a free port.</param>
    /// <param name="configure">Runs after the sandbox's own setup, so it can override settings and services.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (!HasListenAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Per-request framework logs drown the one-line sync messages; "Now listening on" stays visible.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, SandboxJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .Validate(options => !string.IsNullOrWhiteSpace(options.IntegrationId), "Sandbox:IntegrationId must not be empty.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.ApiKey), "Sandbox:ApiKey must not be empty.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.Wallet.ApiKey), "Sandbox:Wallet:ApiKey must not be empty.")
            .Validate(options => options.Wallet.StartingBalance >= 0, "Sandbox:Wallet:StartingBalance must not be negative.")
            .Validate(options => options.GamityRetryInterval >= TimeSpan.Zero, "Sandbox:GamityRetryInterval must not be negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => new SandboxConsole(Console.Out));
        builder.Services.AddSingleton<GamityCallbackSender>();
        builder.Services
            .AddSandboxState<GamityOperatorsState>()
            .AddSandboxState<GamityGamesState>()
            .AddSandboxState<ActiveGamesState>()
            .AddSandboxState<GamityCallLog>()
            .AddSandboxState<GamityFaults>()
            .AddSandboxState<GameRoundsState>()
            .AddSandboxState<GameRoundFaults>()
            .AddSandboxState<CasinoCatalogState>()
            .AddSandboxState<WalletState>()
            .AddSandboxState<WalletFaults>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGamityExternalGroup().MapGamityManagementApi();
        app.MapGameRoundsGroup().MapGameRoundApi();
        app.MapCasinoCatalog();
        app.MapGamityControl();
        app.MapGameRoundControl();
        app.MapCasinoControl();
        app.MapWalletApi();
        app.MapWalletControl();
        app.MapGamityCallbacks();
        app.MapSandboxReset();
        return app;
    }

    /// <summary>Registers a state singleton and makes it part of <c>POST /sandbox/reset</c>.</summary>
    public static IServiceCollection AddSandboxState<TState>(this IServiceCollection services)
        where TState : class, IResettableState
    {
        services.AddSingleton<TState>();
        services.AddSingleton<IResettableState>(provider => provider.GetRequiredService<TState>());
        return services;
    }

    // --urls / ASPNETCORE_URLS land in "urls"; container images set ASPNETCORE_HTTP_PORTS instead.
    private static bool HasListenAddress(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey]);
}
