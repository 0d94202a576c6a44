using Gamity.Integration;
using Gamity.Integration.Defaults;
using Gamity.Standalone;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

return await StandaloneApp.RunAsync(args);

namespace Gamity.Standalone
{
    /// <summary>The product without the Functions host: local runs, containers, end-to-end tests.</summary>
    public static class StandaloneApp
    {
        public const string DefaultUrl = "http://127.0.0.1:7071";

        public static Task<int> RunAsync(string[] args) => StartupValidation.RunAsync("Gamity.Standalone", () => Build(args));

        /// <summary>The whole app, as a checklist. Tests call it with their own configuration.</summary>
        public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
        {
            // Content root = the binary's folder, so appsettings.json is found whatever the working directory.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
            configure?.Invoke(builder);
            if (string.IsNullOrEmpty(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey)))
            {
                builder.WebHost.UseUrls(DefaultUrl);
            }

            builder.AddGamityDefaults("Standalone", tracing: t => t.AddAspNetCoreInstrumentation(), metrics: m => m.AddAspNetCoreInstrumentation());
            builder.Services.AddGamityIntegration(builder.Configuration);
            builder.Services.AddStandaloneTriggers();
            builder.Services.AddDurableEngine(builder.Configuration);

            var app = builder.Build();
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseCors();
            app.MapGet("/", () => TypedResults.Ok(new { service = "Gamity.Standalone" })).ExcludeFromDescription();
            app.MapGamityApi();
            return app;
        }
    }
}
