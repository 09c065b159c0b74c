using System.Globalization;

namespace VideoWatermark.Worker.Cli;

/// <summary>
/// Shows encode progress on stderr: one line rewritten in place on a terminal, a line every 10 % when stderr is a
/// file or a pipe (so logs stay readable).
/// </summary>
internal sealed class ProgressLine(string label) : IProgress<double>
{
    private static readonly bool Interactive = !Console.IsErrorRedirected;
    private readonly Lock gate = new();
    private int shown = -1;

    public void Report(double value)
    {
        var percent = (int)Math.Floor(Math.Clamp(value, 0, 100));
        lock (gate)
        {
            if (Interactive ? percent == shown : percent / 10 == shown / 10 && shown >= 0)
            {
                return;
            }

            shown = percent;
            var text = $"{label}: {percent.ToString(CultureInfo.InvariantCulture),3}%";
            if (Interactive)
            {
                Console.Error.Write($"\r{text}");
            }
            else
            {
                Console.Error.WriteLine(text);
            }
        }
    }

    /// <summary>Ends the in-place line so the next message starts on its own line.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (Interactive && shown >= 0)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
