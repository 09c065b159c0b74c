using System.Text;

namespace VideoWatermark.Testing.Processes;

/// <summary>
/// The last lines a child process printed, kept for failure messages. Bounded, because a long run must not grow it
/// without limit; what is left is enough to explain a failure.
/// </summary>
public sealed class ProcessOutput
{
    private const int Limit = 64_000;
    private const int Keep = 32_000;

    private readonly StringBuilder text = new();

    public string Text
    {
        get
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            if (text.Length > Limit)
            {
                text.Remove(0, text.Length - Keep);
            }

            text.AppendLine(line);
        }
    }
}
