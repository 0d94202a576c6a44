using Gamity.Testing;

namespace Gamity.Infra.Tests;

/// <summary>Paths in the repository (found by <see cref="RepoRoot"/>, which the test projects share).</summary>
internal static class RepoPaths
{
    public static string Root => RepoRoot.Path;

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);
}
