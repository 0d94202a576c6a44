using Gamity.Sandbox;
using Gamity.Sandbox.Conformance;

if (args is [ConformanceCommand.Verb, .. var options])
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    return await ConformanceCommand.RunAsync(options, Console.Out, Console.Error, stop.Token);
}

SandboxApp.Build(args).Run();
return 0;
