using System.Text.Json;
using VideoWatermark.Core.Errors;

namespace VideoWatermark.Worker.Cli;

/// <summary><c>--recipients</c>: a JSON array of objects, one per recipient, each holding its variables as strings.</summary>
internal static class RecipientsFile
{
    public static IReadOnlyList<Dictionary<string, string>> Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new InvalidInputException($"The recipients file '{file.Name}' does not exist.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The recipients file '{file.Name}' is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement is not { ValueKind: JsonValueKind.Array } rows || rows.GetArrayLength() == 0)
            {
                throw new InvalidInputException($"The recipients file '{file.Name}' must be a JSON array of objects, one per recipient, e.g. [{{\"recipient\": \"Ana Díaz\"}}].");
            }

            var read = new List<Dictionary<string, string>>();
            foreach (var row in rows.EnumerateArray())
            {
                var number = read.Count + 1;
                if (row.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidInputException($"Recipient {number} is not an object of variables.");
                }

                var variables = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in row.EnumerateObject())
                {
                    variables[property.Name] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()!
                        : throw new InvalidInputException($"Recipient {number}: the variable '{property.Name}' is not a string.");
                }

                read.Add(variables);
            }

            return read;
        }
    }
}
