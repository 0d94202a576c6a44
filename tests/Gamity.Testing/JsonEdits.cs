using System.Text.Json.Nodes;

namespace Gamity.Testing;

/// <summary>Edits of a valid request body, as the generated bad-input suites make them.</summary>
public static class JsonEdits
{
    /// <summary><paramref name="body"/> with each field set to its value, or removed where the value is <see langword="null"/>.</summary>
    public static string WithChanges(JsonObject body, IEnumerable<(string Field, JsonNode? Value)> changes)
    {
        foreach (var (field, value) in changes)
        {
            if (value is null)
            {
                body.Remove(field);
            }
            else
            {
                body[field] = value.DeepClone();
            }
        }

        return body.ToJsonString();
    }
}
