namespace EdgeRouter.Configuration;

/// <summary>
/// A synth-time setting is wrong. The message always starts with the setting's name (its context key and its
/// environment variable) so the user knows exactly what to change. Nothing is synthesized when this is thrown.
/// </summary>
public sealed class SettingsException(string setting, string problem)
    : Exception($"{setting}: {problem}")
{
    /// <summary>The setting at fault, as the user names it (context key and environment variable).</summary>
    public string Setting { get; } = setting;
}
