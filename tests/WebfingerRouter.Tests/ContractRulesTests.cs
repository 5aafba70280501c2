using System.Reflection;
using EdgeRouter.Webfinger.Contract;
using EdgeRouter.Webfinger.Requests;
using Xunit;

namespace EdgeRouter.Webfinger.Tests;

/// <summary>The contract table itself: its patterns stay in the syntax .NET and RE2 read alike, and the resource-key
/// rule agrees with the check a request's <c>resource</c> gets.</summary>
public class ContractRulesTests
{
    public static TheoryData<string> TextRules()
    {
        var data = new TheoryData<string>();
        foreach (var f in typeof(ConfigRules).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(TextRule)))
        {
            data.Add(f.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TextRules))]
    public void Patterns_use_only_what_dotnet_and_re2_read_alike(string name)
    {
        var rule = (TextRule)typeof(ConfigRules).GetField(name)!.GetValue(null)!;
        if (rule.Pattern is not { } p)
        {
            return;
        }

        Assert.StartsWith("\\A", p, StringComparison.Ordinal);
        Assert.EndsWith("\\z", p, StringComparison.Ordinal);
        // No '.', '^', '$' outside a class, no \s \d \w \b \u \p, no look-around, no flags.
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\')
            {
                var next = p[++i];
                Assert.True(next is 'A' or 'z' or 'x' or '.' or '[' or ']' or '-' or '\\', $"{name}: escape \\{next} at {i}");
                if (next == 'x')
                {
                    Assert.True(char.IsAsciiHexDigit(p[i + 1]) && char.IsAsciiHexDigit(p[i + 2]) && p[i + 1] != '{', $"{name}: \\x needs two hex digits");
                }

                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (!inClass)
            {
                Assert.False(c is '.' or '^' or '$', $"{name}: '{c}' outside a class at {i}");
                Assert.False(c == '(' && i + 1 < p.Length && p[i + 1] == '?', $"{name}: (? at {i}");
            }
        }
    }

    [Fact]
    public void A_resource_key_is_what_a_request_may_ask_for()
    {
        // Every BMP character (and an astral one) in the places that matter: as the scheme's first character, inside
        // the scheme, and after the colon.
        var chars = Enumerable.Range(0, 0x10000).Where(c => c is < 0xD800 or > 0xDFFF).Select(c => ((char)c).ToString()).Append("😀");
        foreach (var c in chars)
        {
            foreach (var value in new[] { c + "a:x", "a" + c + ":x", "acct:" + c, "acct:a" + c + "b" })
            {
                Assert.True(ResourceSyntax.IsValid(value) == ConfigRules.ResourceKey.Allows(value), $"U+{(int)c[0]:X4} in {value}");
            }
        }

        Assert.True(ConfigRules.ResourceKey.Allows("a:" + new string('x', 1022)));
        Assert.False(ConfigRules.ResourceKey.Allows("a:" + new string('x', 1023)));
        Assert.False(ResourceSyntax.IsValid("a:" + new string('x', 1023)));
    }

    [Theory]
    [InlineData("acct:Carol@EXAMPLE.com", "acct:Carol@example.com")]
    [InlineData("ACCT:a@b@EXAMPLE.COM", "acct:a@b@example.com")]
    [InlineData("HTTPS://User@EXAMPLE.COM:443/Path?Q#F", "https://User@example.com:443/Path?Q#F")]
    [InlineData("mailto:Carol@Example.COM", "mailto:Carol@example.com")]
    [InlineData("URN:X:Y", "urn:X:Y")]
    [InlineData("did:web:Example.com", "did:web:Example.com")]
    public void Only_scheme_and_host_fold(string resource, string normalized) =>
        Assert.Equal(normalized, EdgeRouter.Webfinger.Rules.ResourceKeys.Normalize(resource));
}
