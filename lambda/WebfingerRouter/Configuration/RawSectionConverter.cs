using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>Reads a section as raw JSON without System.Text.Json's own duplicate check, so that
/// <see cref="SectionReader"/> can report a repeated member by its own name (<c>atproto.did</c>, not <c>atproto</c>).
/// Source-generated use only; no reflection.</summary>
internal sealed class RawSectionConverter : JsonConverter<JsonElement?>
{
    public override bool HandleNull => true;

    public override JsonElement? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.Clone();
    }

    public override void Write(Utf8JsonWriter writer, JsonElement? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("the configuration is only read");
}
