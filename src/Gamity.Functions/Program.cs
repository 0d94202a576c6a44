using System.Text.Json.Serialization.Metadata;
using Gamity.Functions.ActiveGames;
using Gamity.Functions.Catalog;
using Gamity.Functions.GamityApi;
using Gamity.Functions.Hosting;
using Gamity.Functions.Storage;
using Gamity.Functions.Telemetry;
using Microsoft.Extensions.Options;

namespace Gamity.Functions;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--write-function-json", var appRoot])
        {
            FunctionJsonFiles.WriteAll(appRoot, FunctionCatalog.All);
            return 0;
        }

        try
        {
            await using var app = BuildApp(args);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync("Gamity.Functions refused to start, the configuration is invalid:\n  - " + string.Join("\n  - ", exception.Failures));
            return 2;
        }
    }

    /// <summary>The whole app, as a checklist. Tests call it with their own configuration.</summary>
    public static WebApplication BuildApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(StorageClients.Create(builder.Configuration));
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, CatalogJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        });
        builder.Services.AddGamityTelemetry(builder.Configuration);
        builder.Services.AddGamityApi();
        builder.Services.AddCatalogSync();
        builder.Services.AddActiveGames();
        builder.AddFunctionHosting(FunctionCatalog.All);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapFunctions();
        return app;
    }
}
