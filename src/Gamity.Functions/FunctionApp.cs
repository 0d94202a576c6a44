using Gamity.Integration;
using Gamity.Integration.Defaults;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;

namespace Gamity.Functions;

/// <summary>The Function App as a checklist; Program.cs and the composition tests both build it this way.</summary>
public static class FunctionApp
{
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        // HTTP functions take HttpRequest/HttpContext and return IResult (the ASP.NET Core integration).
        builder.ConfigureFunctionsWebApplication();
        builder.AddGamityDefaults("Functions");
        builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        builder.Services.AddGamityIntegration(builder.Configuration);
        return builder;
    }
}
