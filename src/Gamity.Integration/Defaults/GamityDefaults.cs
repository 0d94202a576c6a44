using System.Text.Json.Serialization.Metadata;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gamity.Integration.Defaults;

/// <summary>Which host runs the product: <c>Functions</c> (the Function App) or <c>Standalone</c>.</summary>
public sealed record GamityHost(string Name);

/// <summary>
/// What every host of the product shares, in one place (in the manner of eShop's ServiceDefaults): the clock,
/// problem details, JSON, and OpenTelemetry — always wired, exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and to a collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is.
/// </summary>
public static class GamityDefaults
{
    /// <summary>The meter every instrument of the product is on (a dashboard and alert name: never renamed).</summary>
    public const string MeterName = "Gamity.Functions";

    public static TBuilder AddGamityDefaults<TBuilder>(this TBuilder builder, string hostName, Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddSingleton(new GamityHost(hostName));
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver()));

        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(m =>
            {
                m.AddMeter(MeterName).AddHttpClientInstrumentation();
                metrics?.Invoke(m);
            })
            .WithTracing(t =>
            {
                t.AddHttpClientInstrumentation();
                tracing?.Invoke(t);
            });
        if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } appInsights)
        {
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = appInsights);
        }

        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
