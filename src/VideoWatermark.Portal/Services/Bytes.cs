using System.Globalization;

namespace VideoWatermark.Portal.Services;

public static class Bytes
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>"1.5 GB": binary multiples, one decimal, the way file managers show sizes.</summary>
    public static string Format(long? bytes)
    {
        if (bytes is null)
        {
            return "–";
        }

        double value = bytes.Value;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }
}
