using System.Text.Json;

namespace EdgeRouter.Configuration;

/// <summary>
/// The <c>context</c> of <c>cdktf.json</c>, as the cdktf CLI hands it to the app (JSON in <c>CDKTF_CONTEXT_JSON</c>).
/// Read here, before the CDKTF <c>App</c> exists, because creating the App already creates the output folder:
/// a bad setting must stop the synth before anything is written.
/// </summary>
public static class CdktfContext
{
    /// <summary>The variable the cdktf CLI sets (cdktf's <c>CONTEXT_ENV</c>).</summary>
    public const string EnvironmentVariable = "CDKTF_CONTEXT_JSON";

    /// <summary>Parses the context; empty when the variable is unset or empty.</summary>
    /// <exception cref="SettingsException">The variable holds something other than a JSON object.</exception>
    public static IReadOnlyDictionary<string, object?> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, object?>();
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException(EnvironmentVariable, "the cdktf.json context must be a JSON object");
            }

            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value));
        }
        catch (JsonException error)
        {
            throw new SettingsException(EnvironmentVariable, $"the cdktf.json context is not valid JSON: {error.Message}");
        }
    }

    private static object? Convert(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => value.EnumerateArray().Select(Convert).ToArray(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value)),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
