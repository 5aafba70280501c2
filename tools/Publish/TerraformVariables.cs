using System.Text.RegularExpressions;

namespace EdgeRouter.Publish;

/// <summary>
/// The plain string assignments of a Terraform variables file (<c>aws_region = "eu-west-1"</c>), which is all publish
/// needs from it (<c>aws_region</c>, <c>not_found_page</c>). Anything else in the file (lists, maps, heredocs) is
/// ignored, not parsed: Terraform remains the judge of the file.
/// </summary>
internal static class TerraformVariables
{
    private static readonly Regex Assignment = new(@"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*""([^""\\$%]*)""\s*(?:#.*|//.*)?$", RegexOptions.CultureInvariant);

    /// <summary>The file's top-level string assignments; empty when there is no file.</summary>
    public static IReadOnlyDictionary<string, string> Read(string? file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is null || !File.Exists(file)) return values;
        var depth = 0;
        IEnumerable<string> lines;
        try { lines = File.ReadAllLines(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublishRefusedException($"cannot read the variables file {file} ({e.Message}): make it readable, or give TFVARS=<file>; nothing was read or written");
        }
        foreach (var line in lines)
        {
            // Only assignments at the top level: not a key inside a map or an object.
            if (depth == 0 && Assignment.Match(line) is { Success: true } m) values[m.Groups[1].Value] = m.Groups[2].Value;
            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
            if (depth < 0) depth = 0;
        }
        return values;
    }
}
