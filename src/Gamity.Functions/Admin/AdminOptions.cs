namespace Gamity.Functions.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Key for operator commands (sent in <c>X-API-Key</c>). Unset: the admin endpoints answer 403.</summary>
    public string? ApiKey { get; set; }
}
