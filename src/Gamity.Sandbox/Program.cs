using Gamity.Sandbox;

SandboxApp.Build(args).Run();
