using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Gamity.Testing;

/// <summary>
/// One real Azurite (the pinned npm package) for the whole test run, in memory, on free loopback ports.
/// It is started here, never assumed: if it cannot start, every test that needs it fails with the reason.
/// Each test takes its own storage account (AZURITE_ACCOUNTS), so tests run in parallel without sharing state.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private const int AccountCount = 200;
    private static int nextAccount;
    private readonly StringBuilder output = new();
    private Process? process;
    private Exception? startFailure;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>A connection string to a storage account no other test uses.</summary>
    public string NewAccount()
    {
        if (startFailure is not null)
        {
            throw new InvalidOperationException("Azurite did not start, so this test cannot run: " + startFailure.Message, startFailure);
        }

        var index = Interlocked.Increment(ref nextAccount);
        if (index > AccountCount)
        {
            throw new InvalidOperationException($"More than {AccountCount} storage accounts requested; raise Azurite.AccountCount.");
        }

        var name = AccountName(index);
        return $"DefaultEndpointsProtocol=http;AccountName={name};AccountKey={AccountKey(index)};" +
               $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{name};QueueEndpoint=http://127.0.0.1:{QueuePort}/{name};TableEndpoint=http://127.0.0.1:{TablePort}/{name};";
    }

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch (Exception exception)
        {
            startFailure = exception;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartAsync()
    {
        var script = RepoRoot.Combine("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing). Run 'npm ci' in {RepoRoot.Path} (scripts/test.sh does).");
        }

        BlobPort = FreePort();
        QueuePort = FreePort();
        TablePort = FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AZURITE_ACCOUNTS"] = string.Join(';', Enumerable.Range(1, AccountCount).Select(i => $"{AccountName(i)}:{AccountKey(i)}"));
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not listen on port {port} (exited: {process.HasExited}). Its output:\n{output}");
                }

                await Task.Delay(100);
            }
        }
    }

    private static string AccountName(int index) => $"acct{index:D3}";

    private static string AccountKey(int index) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"azurite-test-key-{index}")));

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
