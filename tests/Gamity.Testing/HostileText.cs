using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Gamity.Testing;

/// <summary>
/// String values no inbound contract may take: bytes that are not UTF-8, unpaired surrogate escapes (both
/// "undecodable"), and, for identifiers, control and bidirectional characters. Each is spliced into the raw bytes
/// of an otherwise valid body, so the JSON around it stays valid.
/// </summary>
public static class HostileText
{
    private const string Marker = "@@HOSTILE@@";

    /// <summary>(what it is, the bytes that replace a string field's value, whether only identifiers refuse it).</summary>
    public static readonly (string Name, byte[] Value, bool IdentifiersOnly)[] Shapes =
    [
        ("lone high surrogate escape", "p\\ud800"u8.ToArray(), false),
        ("lone low surrogate escape", "\\udc00x"u8.ToArray(), false),
        ("reversed surrogate pair", "\\udc00\\ud800"u8.ToArray(), false),
        ("invalid UTF-8 byte", [(byte)'p', 0xFF, 0xFE], false),
        ("truncated UTF-8 sequence", [(byte)'p', 0xC3], false),
        ("UTF-8-encoded surrogate", [(byte)'p', 0xED, 0xA0, 0x80], false),
        ("overlong UTF-8", [(byte)'p', 0xC0, 0xAF], false),
        ("escaped NUL", "p\\u0000"u8.ToArray(), true),
        ("escaped CR LF (log forging)", "p\\r\\nERROR forged"u8.ToArray(), true),
        ("escaped ESC", "p\\u001b[31m"u8.ToArray(), true),
        ("raw DEL", "p\u007f"u8.ToArray(), true),
        ("raw C1 control (NEL)", [(byte)'p', 0xC2, 0x85], true),
        ("right-to-left override", "admin\u202Egpj.exe"u8.ToArray(), true),
        ("escaped left-to-right isolate", "p\\u2066x\\u2069"u8.ToArray(), true),
        ("right-to-left mark", "p\u200F"u8.ToArray(), true),
        ("line separator", "p\u2028"u8.ToArray(), true),
    ];

    /// <summary><paramref name="valid"/> with <paramref name="field"/>'s string value replaced by <paramref name="value"/>, as bytes.</summary>
    public static byte[] Body(JsonObject valid, string field, byte[] value)
    {
        var body = valid.DeepClone().AsObject();
        body[field] = Marker;
        var text = Encoding.UTF8.GetBytes(body.ToJsonString());
        var at = text.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Marker));
        return [.. text.AsSpan(0, at), .. value, .. text.AsSpan(at + Marker.Length)];
    }

    /// <summary>Bodies with one hostile value in one of <paramref name="identifiers"/> (or an undecodable one in <paramref name="texts"/>).</summary>
    public static Gen<byte[]> Bodies(JsonObject valid, string[] identifiers, string[] texts) =>
        Gen.Select(Gen.Int[0, Shapes.Length - 1], Gen.Int[0, 1_000], (shape, pick) =>
        {
            var (_, value, identifiersOnly) = Shapes[shape];
            var fields = identifiersOnly ? identifiers : [.. identifiers, .. texts];
            return Body(valid, fields[pick % fields.Length], value);
        });
}
