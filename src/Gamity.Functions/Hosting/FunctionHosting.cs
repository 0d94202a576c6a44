using Gamity.Functions.Admin;
using Gamity.Functions.Http;
using Gamity.Functions.Inbound;
using Gamity.Functions.PlayerTokens;
using Gamity.Functions.Rounds;
using Microsoft.Extensions.Options;
using Gamity.Functions.Configuration;
using Gamity.Functions.Hosting.Invocation;
using Gamity.Functions.Hosting.Standalone;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gamity.Functions.Hosting;

/// <summary>Wires the function declarations into whichever mode the process runs in (DESIGN §2).</summary>
public static class FunctionHosting
{
    public const string DefaultStandaloneUrl = "http://127.0.0.1:7071";

    public static WebApplicationBuilder AddFunctionHosting(this WebApplicationBuilder builder, IReadOnlyList<FunctionDefinition> functions)
    {
        var (mode, port) = HostingModeDetection.Detect(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(new HostingContext(mode));
        foreach (var function in functions)
        {
            services.AddSingleton(function);
        }

        services.AddValidatedOptions<SchedulesOptions>(SchedulesOptions.Section, schedules => ValidateSchedules(schedules, functions));
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section, _ => []);

        if (mode == HostingMode.Functions)
        {
            // The host calls http://127.0.0.1:<port> (reference §1.2); nothing else should reach this port.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            return builder;
        }

        if (string.IsNullOrEmpty(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey)))
        {
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
        }

        services.AddValidatedOptions<StandaloneOptions>(StandaloneOptions.Section, o => o.TimerLeaseDuration >= TimeSpan.FromSeconds(15) && o.TimerLeaseDuration <= TimeSpan.FromSeconds(60)
            ? []
            : ["Standalone__TimerLeaseDuration must be between 00:00:15 and 00:01:00 (blob lease limits)."]);
        services.AddValidatedOptions<QueuePollerOptions>(QueuePollerOptions.Section, o => o.BatchSize is >= 1 and <= 32 && o.MaxDequeueCount >= 1
            ? []
            : ["Standalone__Queues__BatchSize must be 1–32 and Standalone__Queues__MaxDequeueCount at least 1."]);
        services.AddSingleton<TimerLeaseStore>();
        services.AddHostedService<TimerScheduler>();
        services.AddHostedService<QueuePollerService>();
        return builder;
    }

    public static WebApplication MapFunctions(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<HostingContext>().Mode;
        var functions = app.Services.GetServices<FunctionDefinition>().ToList();

        // The host's readiness probe: any answer on "/" means the handler is up (reference §1.5).
        app.MapGet("/", () => TypedResults.Ok(new { service = "Gamity.Functions", mode = mode.ToString() })).ExcludeFromDescription();

        if (mode == HostingMode.Functions)
        {
            app.MapInvocationEndpoints(functions);
        }

        foreach (var function in functions.OfType<HttpFunction>())
        {
            var endpoint = app.MapMethods(function.Path, [function.Method], function.Handler).WithName(function.Name);
            _ = function.Access switch
            {
                HttpAccess.AdminKey => endpoint.RequireApiKey(sp => [sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey], "set Admin__ApiKey"),
                HttpAccess.GamityKey => endpoint.RequireGamity(),
                HttpAccess.RoundsKey => endpoint.RequireApiKey(sp => sp.GetRequiredService<IOptions<RoundsOptions>>().Value.ApiKeys, "set Rounds__ApiKeys__0"),
                HttpAccess.PlayerTokenCallerKey => endpoint.RequireApiKey(sp => sp.GetRequiredService<IOptions<PlayerTokenOptions>>().Value.CallerApiKeys, "set PlayerTokens__CallerApiKeys__0"),
                _ => endpoint,
            };
        }

        return app;
    }

    /// <summary>The address the app listens on once started (tests bind port 0).</summary>
    public static Uri ListeningAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    private static IEnumerable<string> ValidateSchedules(SchedulesOptions schedules, IEnumerable<FunctionDefinition> functions)
    {
        foreach (var timer in functions.OfType<TimerFunction>())
        {
            var expression = timer.Schedule(schedules);
            if (!SchedulesOptions.TryParse(expression, out _))
            {
                yield return $"Schedules__{timer.ScheduleSettingName} must be an NCRONTAB expression with 6 fields ('{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}', e.g. '0 0 3 * * *'), got '{expression}'.";
            }
        }
    }
}
