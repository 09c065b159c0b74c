using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Keeps what the portal logged at Error or above, with its exception, so a browser test that sees "an unhandled
/// exception on the current circuit" can say which one: the browser is only told that there was one.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private const int Kept = 50;
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        entries.Enqueue(entry);
        while (entries.Count > Kept && entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
        }
    }
}
