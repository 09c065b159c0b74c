using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoWatermark.Core.Storage.Events;

namespace VideoWatermark.Pipeline.Drops;

/// <summary>
/// Reads the SQS queue the bucket notifies (<see cref="DropOptions.DropQueueUrl"/>): on AWS without the Lambda, a drop
/// starts as soon as S3 announces it. Long polling keeps an idle queue to about three requests a minute. A message is
/// deleted only once its drops are dispatched; one whose dispatch failed comes back after the queue's visibility
/// timeout and is tried again, and the dispatch core makes a repeated delivery start no second job.
/// </summary>
public sealed class DropQueueConsumer(
    IAmazonSQS sqs,
    DropNotifications notifications,
    IOptions<DropOptions> options,
    TimeProvider time,
    ILogger<DropQueueConsumer> logger) : BackgroundService
{
    /// <summary>SQS's longest wait for a message.</summary>
    private const int LongPollSeconds = 20;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queueUrl = options.Value.DropQueueUrl;
        if (string.IsNullOrEmpty(queueUrl))
        {
            return;
        }

        logger.LogInformation("Drops are also started by the S3 event notifications on SQS queue {QueueUrl}", queueUrl);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var received = await sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = LongPollSeconds },
                    stoppingToken);
                var allHandled = true;
                foreach (var message in received.Messages ?? [])
                {
                    if (await HandleAsync(message, stoppingToken))
                    {
                        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, stoppingToken);
                    }
                    else
                    {
                        allHandled = false;
                    }
                }

                failures = allHandled ? 0 : failures + 1;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                logger.LogError(ex, "Reading SQS queue {QueueUrl} failed", queueUrl);
            }

            if (failures > 0)
            {
                // Backs off while the queue or the store is down, instead of spinning on errors.
                var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures - 1), MaxBackoff.TotalSeconds));
                logger.LogWarning("Reading SQS queue {QueueUrl} again in {Seconds} s", queueUrl, wait.TotalSeconds);
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    /// <summary>Whether the message is done with and can be deleted.</summary>
    private async Task<bool> HandleAsync(Message message, CancellationToken cancellationToken)
    {
        S3EventMessage parsed;
        try
        {
            parsed = S3EventMessage.Parse(message.Body ?? "");
        }
        catch (FormatException ex)
        {
            // Kept, it would come back unchanged after every visibility timeout: it is logged and dropped instead.
            logger.LogWarning("Deleting SQS message {MessageId}: not an S3 event notification ({Reason})", message.MessageId, ex.Message);
            return true;
        }

        if (parsed.IsTestEvent || parsed.Notification is null)
        {
            logger.LogInformation("SQS message {MessageId} is S3's test event: the bucket's notifications reach the queue", message.MessageId);
            return true;
        }

        try
        {
            await notifications.DispatchAsync(parsed.Notification, "SQS", cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Dispatching the drops of SQS message {MessageId} failed; it stays on the queue to be tried again", message.MessageId);
            return false;
        }
    }
}
