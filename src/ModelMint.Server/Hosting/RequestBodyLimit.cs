using ModelMint.Server.Problems;

namespace ModelMint.Server.Hosting;

/// <summary>Endpoint metadata: the largest request body the endpoint accepts.</summary>
public sealed record RequestBodyLimit(long MaxBytes);

public static class RequestBodyLimitMiddleware
{
    /// <summary>
    /// Refuses an oversized body with 413 before anything reads it, and caps bodies of unknown length (chunked) at the
    /// same limit so reading them fails with 413 too.
    /// </summary>
    public static WebApplication UseRequestBodyLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>();
            if (limit is not null)
            {
                if (context.Request.ContentLength > limit.MaxBytes)
                {
                    await ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large.",
                        $"The request body has {context.Request.ContentLength:N0} bytes; this endpoint accepts at most {limit.MaxBytes:N0}. Send fewer or shorter texts per call.")
                        .ExecuteAsync(context);
                    return;
                }

                // Bodies of unknown length (chunked) are counted as they are read.
                context.Request.Body = new LengthLimitedStream(context.Request.Body, limit.MaxBytes);
            }

            await next(context);
        });
        return app;
    }
}

/// <summary>A read-only view of a request body that fails with 413 once more than the limit has been read.</summary>
internal sealed class LengthLimitedStream(Stream inner, long maxBytes) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int bytes)
    {
        read += bytes;
        if (read > maxBytes)
        {
            throw new BadHttpRequestException($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        return bytes;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
