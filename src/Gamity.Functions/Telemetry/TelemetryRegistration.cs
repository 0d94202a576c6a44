using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gamity.Functions.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>
    /// Metrics and traces through OpenTelemetry; exported to Application Insights when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is.
    /// </summary>
    public static IServiceCollection AddGamityTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GamityMetrics>();
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(appInsights) && string.IsNullOrWhiteSpace(otlp))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(GamityMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = appInsights);
        }

        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
