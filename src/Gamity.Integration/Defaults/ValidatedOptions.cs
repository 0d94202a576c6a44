using Microsoft.Extensions.Options;

namespace Gamity.Integration.Defaults;

/// <summary>
/// Binds an options class to its section and validates it at start (<c>ValidateOnStart</c>): a wrong or
/// missing setting stops the app with a message that names the setting as an environment variable.
/// </summary>
public static class ValidatedOptions
{
    public static IServiceCollection AddValidatedOptions<TOptions>(
        this IServiceCollection services, string section, Func<TOptions, IEnumerable<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new Validator<TOptions>(validate));
        return services;
    }

    /// <summary>Options that do not come from one configuration section (<paramref name="configure"/> fills them), validated at start.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(
        this IServiceCollection services, Action<TOptions> configure, Func<TOptions, IEnumerable<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new Validator<TOptions>(validate));
        return services;
    }

    /// <summary>The name of a setting as an environment variable / app setting (<c>Gamity__BaseUrl</c>).</summary>
    public static string Setting(string section, string key) => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{key}";

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private sealed class Validator<TOptions>(Func<TOptions, IEnumerable<string>> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var failures = validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
