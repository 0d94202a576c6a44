using Gamity.Integration.Defaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gamity.Integration.Access;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Key for operator commands and views (sent in <c>X-API-Key</c>). Unset: those endpoints answer 403.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>The operator routes' gate: <c>Admin__ApiKey</c> in <c>X-API-Key</c>.</summary>
public sealed class OperatorGate(IOptions<AdminOptions> options)
{
    public ProblemHttpResult? Refuse(HttpRequest request) => ApiKeyGate.Refuse(request, [options.Value.ApiKey], "set Admin__ApiKey");

    public static void Register(IServiceCollection services)
    {
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section, _ => []);
        services.AddSingleton<OperatorGate>();
    }
}
