using System.Text.Json;

namespace Gamity.Functions.Hosting;

/// <summary>Renders and writes <c>{Name}/function.json</c> from the declarations (the checked-in files are this output).</summary>
public static class FunctionJsonFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };

    public static string Render(FunctionDefinition function) => function.ToFunctionJson().ToJsonString(Indented) + "\n";

    public static void WriteAll(string appRoot, IEnumerable<FunctionDefinition> functions)
    {
        foreach (var function in functions)
        {
            var folder = Path.Combine(appRoot, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), Render(function));
        }
    }
}
