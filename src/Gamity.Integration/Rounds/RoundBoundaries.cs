namespace Gamity.Integration.Rounds;

/// <summary>
/// Finds where each round of a message begins and ends from its structure alone (brackets, braces, quotes and
/// backslashes), without judging what is inside the strings. It lets the parser read a message whose JSON is
/// broken inside one round one round at a time, so only that round is lost. A body whose structure itself is
/// broken (not an object or an array, truncated, something after it) has no boundaries.
/// </summary>
internal static class RoundBoundaries
{
    public sealed record StructureError(string Reason, bool TooMany);

    /// <summary>Fills <paramref name="elements"/> with one range per round (the whole body for a single object), or returns why it cannot.</summary>
    public static StructureError? Split(ReadOnlySpan<byte> body, int maxElements, List<Range> elements)
    {
        var position = SkipWhiteSpace(body, 0);
        if (position == body.Length || body[position] is not ((byte)'[' or (byte)'{'))
        {
            return new StructureError("the body must be a round object or an array of rounds", false);
        }

        if (body[position] == (byte)'{')
        {
            var end = ObjectEnd(body, position);
            if (end < 0)
            {
                return new StructureError("the round object is not closed (truncated?)", false);
            }

            elements.Add(position..end);
            return AfterValue(body, end, "the round object");
        }

        position = SkipWhiteSpace(body, position + 1);
        if (position < body.Length && body[position] == (byte)']')
        {
            return AfterValue(body, position + 1, "the array");
        }

        while (true)
        {
            if (elements.Count == maxElements)
            {
                return new StructureError(RoundParser.TooManyRounds(maxElements), true);
            }

            var stop = ElementStop(body, position);
            if (stop < 0)
            {
                return new StructureError("the array is not closed (truncated?)", false);
            }

            elements.Add(position..TrimEnd(body, position, stop));
            if (body[stop] == (byte)']')
            {
                return AfterValue(body, stop + 1, "the array");
            }

            position = SkipWhiteSpace(body, stop + 1);
        }
    }

    /// <summary>The <c>,</c> or <c>]</c> that ends the element starting at <paramref name="start"/> (at depth 0, outside strings), or -1.</summary>
    private static int ElementStop(ReadOnlySpan<byte> body, int start) => Scan(body, start, element: true);

    /// <summary>Just after the brace closing the object opened at <paramref name="open"/>, or -1.</summary>
    private static int ObjectEnd(ReadOnlySpan<byte> body, int open) => Scan(body, open, element: false);

    private static int Scan(ReadOnlySpan<byte> body, int start, bool element)
    {
        var depth = 0;
        for (var i = start; i < body.Length; i++)
        {
            switch (body[i])
            {
                case (byte)'"':
                    i = StringEnd(body, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)',' or (byte)']' when element && depth == 0:
                    return i;
                case (byte)'}' or (byte)']':
                    // A stray closer at depth 0 inside an element is part of that (broken) element.
                    if (depth > 0 && --depth == 0 && !element)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }

    /// <summary>The position of the quote closing the string opened at <paramref name="open"/>, or -1.</summary>
    private static int StringEnd(ReadOnlySpan<byte> body, int open)
    {
        var i = open + 1;
        while (i < body.Length)
        {
            var next = body[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (body[i] == (byte)'"')
            {
                return i;
            }

            i += 2; // a backslash: the next byte is escaped, whatever it is
        }

        return -1;
    }

    private static StructureError? AfterValue(ReadOnlySpan<byte> body, int end, string what) =>
        SkipWhiteSpace(body, end) == body.Length ? null : new StructureError($"unexpected content after {what}", false);

    private static int SkipWhiteSpace(ReadOnlySpan<byte> body, int from)
    {
        var skip = body[from..].IndexOfAnyExcept(" \t\r\n"u8);
        return skip < 0 ? body.Length : from + skip;
    }

    private static int TrimEnd(ReadOnlySpan<byte> body, int start, int end)
    {
        var last = body[start..end].LastIndexOfAnyExcept(" \t\r\n"u8);
        return last < 0 ? start : start + last + 1;
    }
}
