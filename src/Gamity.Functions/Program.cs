using System.Text.Json.Serialization.Metadata;
using Gamity.Functions.ActiveGames;
using Gamity.Functions.Catalog;
using Gamity.Functions.GamityApi;
using Gamity.Functions.Hosting;
using Gamity.Functions.PlayerTokens;
using Gamity.Functions.Rounds;
using Gamity.Functions.Storage;
using Gamity.Functions.Telemetry;
using Gamity.Functions.WalletOperations;
using Gamity.Functions.Widget;
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

            // Validate options before the host starts, so a bad setting is reported once, without the host's stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (ConfigurationFailures(exception) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync("Gamity.Functions refused to start, the configuration is invalid:\n  - " + string.Join("\n  - ", failures));
            return 2;
        }
    }

    /// <summary>Every options-validation failure inside <paramref name="exception"/> (several option types fail as one AggregateException).</summary>
    private static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ConfigurationFailures).ToList(),
        _ => [],
    };

    /// <summary>The whole app, as a checklist. Tests call it with their own configuration.</summary>
    public static WebApplication BuildApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root = the binary's folder, so appsettings.json is found whatever the working directory
        // (the Functions host starts the handler from the app root, run-local from the repository root).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
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
        builder.Services.AddRounds();
        builder.Services.AddWalletOperations();
        builder.Services.AddPlayerTokens();
        builder.Services.AddWidget();
        builder.AddFunctionHosting(FunctionCatalog.All);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapFunctions();
        return app;
    }
}
