using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine.Recipients;

/// <summary>
/// The layers whose picture differs between recipients: text layers whose text, filled with each recipient's
/// values, is not the same for all of them. Images, and texts whose tokens all have one value (<c>{date}</c>, a
/// shared <c>{filename}</c>), are the same on every copy.
/// </summary>
public static class PersonalLayers
{
    /// <summary>The indexes of the personal layers, in order.</summary>
    /// <exception cref="InvalidInputException">A recipient leaves a token without a value; the message names the recipient (1 for the first).</exception>
    public static IReadOnlyList<int> Find(WatermarkTemplate template, IReadOnlyList<IReadOnlyDictionary<string, string>> recipients)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(recipients);
        var personal = new List<int>();
        for (var i = 0; i < template.Layers.Count; i++)
        {
            if (template.Layers[i] is not { Type: LayerType.Text, Text: { } text })
            {
                continue;
            }

            var texts = recipients.Select((tokens, r) => Expand(text, tokens, r)).Distinct(StringComparer.Ordinal).Count();
            if (texts > 1)
            {
                personal.Add(i);
            }
        }

        return personal;
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> tokens, int row)
    {
        try
        {
            return TemplateTokens.Expand(text, tokens);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"Recipient {row + 1}: {e.Message}");
        }
    }
}
