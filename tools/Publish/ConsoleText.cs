namespace EdgeRouter.Publish;

/// <summary>Text printed to the terminal: a key holding a newline would print as two lines (a forged
/// "publish: skipped …" or summary line) and an escape character would drive the terminal, so control characters
/// are shown escaped (<c>\n</c>, <c>\u001B</c>).</summary>
internal static class ConsoleText
{
    /// <summary><paramref name="text"/> with every control character escaped.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
