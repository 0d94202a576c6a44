using Gamity.Functions;
using Gamity.Integration.Defaults;
using Microsoft.Azure.Functions.Worker.Builder;

return await StartupValidation.RunAsync("Gamity.Functions", () => FunctionApp.Configure(FunctionsApplication.CreateBuilder(args)).Build());
