using System.Collections.Concurrent;
using System.Threading.Channels;
using Gamity.Functions.HostEmulator.Rpc;
using Grpc.Core;

namespace Gamity.Functions.HostEmulator;

/// <summary>
/// The host's end of the worker's one bidirectional stream (<c>FunctionRpc.EventStream</c>): what the worker sends is
/// routed to whoever waits for it (by request id, or by invocation id for invocations), logs are kept, and what the
/// host sends goes through one writer.
/// </summary>
public sealed class WorkerStream
{
    private readonly Channel<StreamingMessage> outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> awaitingReply = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> awaitingInvocation = new();
    private readonly ConcurrentQueue<RpcLog> logs = new();
    private readonly TaskCompletionSource<StartStream> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The worker's <c>StartStream</c>: it connected and said who it is.</summary>
    public Task<StartStream> Started => started.Task;

    /// <summary>Every <c>RpcLog</c> the worker sent, in order.</summary>
    public IReadOnlyList<RpcLog> Logs => [.. logs];

    /// <summary>Sends <paramref name="message"/> with a fresh request id and returns the worker's reply to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, TimeSpan timeout)
    {
        message.RequestId = Guid.NewGuid().ToString();
        var reply = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        awaitingReply[message.RequestId] = reply;
        await outbound.Writer.WriteAsync(message);
        return await reply.Task.WaitAsync(timeout);
    }

    /// <summary>Sends an invocation and returns its response (replies to invocations are matched by invocation id).</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest invocation, TimeSpan timeout)
    {
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        awaitingInvocation[invocation.InvocationId] = response;
        await outbound.Writer.WriteAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = invocation });
        try
        {
            return await response.Task.WaitAsync(timeout);
        }
        finally
        {
            awaitingInvocation.TryRemove(invocation.InvocationId, out _);
        }
    }

    public ValueTask SendAsync(StreamingMessage message) => outbound.Writer.WriteAsync(message);

    /// <summary>Runs one worker's stream until it ends or the host stops.</summary>
    internal async Task ServeAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        var writing = Task.Run(async () =>
        {
            await foreach (var message in outbound.Reader.ReadAllAsync(cancellationToken))
            {
                await responses.WriteAsync(message, cancellationToken);
            }
        }, cancellationToken);

        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Route(requests.Current);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            outbound.Writer.TryComplete();
            closed.TrySetResult();
            foreach (var waiting in awaitingInvocation.Values)
            {
                waiting.TrySetException(new InvalidOperationException("the worker closed its stream"));
            }

            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Route(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                started.TrySetResult(message.StartStream);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                logs.Enqueue(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (awaitingInvocation.TryGetValue(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                break;
            default:
                if (awaitingReply.TryRemove(message.RequestId, out var reply))
                {
                    reply.TrySetResult(message);
                }

                break;
        }
    }
}

/// <summary>The host's gRPC service: the worker dials in and the emulator's <see cref="WorkerStream"/> serves it.</summary>
internal sealed class FunctionRpcService(WorkerStream stream) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        stream.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
