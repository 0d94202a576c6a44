using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gamity.Integration.GamityApi;

/// <summary>
/// Serializes a value straight onto the request stream (no buffered copy of a 50,000-game portfolio) and
/// computes the SHA-256 of exactly the bytes sent, for the run record. Re-serializes on each retry.
/// </summary>
public sealed class HashingJsonContent<T>(T value, JsonTypeInfo<T> typeInfo) : HttpContent
{
    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string? Sha256 { get; private set; }

    public long BytesWritten { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new HashingStream(stream, hash);
        await JsonSerializer.SerializeAsync(hashing, value, typeInfo, cancellationToken);
        await hashing.FlushAsync(cancellationToken);
        Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        BytesWritten = hashing.Written;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    public static HashingJsonContent<T> Create(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new HashingJsonContent<T>(value, typeInfo);
        content.Headers.ContentType = Json;
        return content;
    }

    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            Written += buffer.Length;
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            Written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        // The inner stream belongs to HttpClient; never dispose it.
        protected override void Dispose(bool disposing)
        {
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
