using System.Diagnostics;
using System.IO.Compression;
using Gamity.Testing;

namespace Gamity.Functions.Tests;

/// <summary><c>scripts/publish.sh</c> builds the zip Azure deploys: it holds everything the Functions host loads.</summary>
public class PublishPackageTests
{
    [Fact]
    public async Task The_deployment_zip_holds_what_the_host_loads()
    {
        var artifacts = Directory.CreateTempSubdirectory("gamity-publish-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash", [RepoRoot.Combine("scripts", "publish.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["ARTIFACTS"] = artifacts;
            start.Environment["NO_BUILD"] = "1";
            start.Environment["CONFIGURATION"] = FunctionAppOutput.File().Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            using var publish = Process.Start(start)!;
            var output = publish.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = publish.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await publish.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(publish.ExitCode == 0, $"publish.sh exited {publish.ExitCode}:\n{await output}\n{await errors}");

            using var zip = ZipFile.OpenRead(Path.Combine(artifacts, "gamity-functions.zip"));
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();
            foreach (var required in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "Gamity.Functions.dll", "Gamity.Integration.dll",
                         ".azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll", ".azurefunctions/Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.dll" })
            {
                Assert.True(entries.Contains(required), $"the package lacks {required}");
            }

            Assert.DoesNotContain(entries, e => e.EndsWith("local.settings.json", StringComparison.Ordinal) || e.EndsWith("local.settings.sample.json", StringComparison.Ordinal));
            Assert.Equal(File.ReadAllText(RepoRoot.Combine("host.json")), new StreamReader(zip.GetEntry("host.json")!.Open()).ReadToEnd());
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
