using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gamity.Sandbox.Shared;

/// <summary>Reads a JSON request body straight from the request stream.</summary>
public static class JsonBody
{
    // Read by hand rather than through parameter binding so that auth and fault checks run before a
    // possibly huge body is parsed, and so that bad JSON gets a problem+json answer.
    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted);
            return value is null
                ? BodyRead<T>.Fail(Problems.InvalidBody("The request body must not be null."))
                : BodyRead<T>.Ok(value);
        }
        catch (JsonException exception)
        {
            return BodyRead<T>.Fail(Problems.InvalidBody(exception.Message));
        }
    }
}

/// <summary>Either the parsed body or the problem to answer with.</summary>
public sealed class BodyRead<T>
    where T : class
{
    private BodyRead(T? value, ProblemHttpResult? problem)
    {
        Value = value;
        Problem = problem;
        Failed = problem is not null;
    }

    public T? Value { get; }

    public ProblemHttpResult? Problem { get; }

    [MemberNotNullWhen(true, nameof(Problem))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool Failed { get; }

    public static BodyRead<T> Ok(T value) => new(value, null);

    public static BodyRead<T> Fail(ProblemHttpResult problem) => new(null, problem);
}
