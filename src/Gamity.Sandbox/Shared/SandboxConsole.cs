namespace Gamity.Sandbox.Shared;

/// <summary>
/// Plain one-line messages for whoever watches the sandbox run (one per sync, for instance).
/// A singleton, so tests can replace it to silence or capture the lines.
/// </summary>
public sealed class SandboxConsole(TextWriter output)
{
    public void WriteLine(string message) => output.WriteLine($"sandbox: {message}");
}
