using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests;

/// <summary>Only user parts RFC 7565 allows are accounts, also when an account list is empty (everyone): anything
/// else gets neither the issuer JRD nor the redirect (404), and its odd subject is never echoed.</summary>
public class AcctUserPartTests
{
    private static readonly Router Everyone = new(ConfigParser.Parse(
        """{"domain":"example.com","mastodon":{"host":"mastodon.example.com"},"oidc":{"issuer":"https://auth.example.com"}}"""));

    // The user parts as they stand in the decoded resource, with the form-encoded query that carries them.
    public static TheoryData<string> Malformed => new()
    {
        "a@b", "@a", "a:b", "a/b", "a?b", "a#b", "a\"b", "\"a\"", "a'b'c\"", "<a>", "a<b", "a>b", "a b", "a\tb", "a\u0000b", "a\nb", "a\r\nb",
        "a\u007fb", "a\u0085b", "a\u00a0b", "a\u2028b", "bücher", "\u00e9", "\u0430lice", "😀", "a[b]", "a{b}", "a|b", "a\\b", "a^b", "a`b",
        "%61lice", "a%", "a%4", "a%zz", "a%00b", "a%0Ab", "a%0D%0Ab", "a%09", "a%20b", "a%7F", "a%C2%85", "a%E2%80%A8", "a%FF", "a%C0%80",
        "a%ED%A0%80", "a%C3", "a%EF%BB%BF",
    };

    public static TheoryData<string> Valid => new()
    {
        "alice", "a.b-c_d~e", "a!b$c&d'e(f)g*h+i,j;k=l", "~x", "!x", "juliet%40capulet.example", "b%C3%BCcher", "a%22b", "a%3Ab", "a%2Fb",
        "a%3Cb%3E", "x%F0%9F%98%80", "0",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_user_parts_are_no_accounts(string user)
    {
        var resource = "acct:" + user + "@example.com";
        Assert.False(AcctUri.TryParse(resource, out _), resource);
        foreach (var rel in new[] { "", "&rel=" + IssuerRelEncoded })
        {
            var r = Get("resource=" + Uri.EscapeDataString(resource) + rel, router: Everyone);
            Assert.True(r.StatusCode is 404 or 400, $"{resource}: {r.StatusCode}");
            Assert.Null(r.Header("Location"));
            Assert.DoesNotContain("subject", r.Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_user_parts_are_accounts(string user)
    {
        var resource = "acct:" + user + "@example.com";
        Assert.True(AcctUri.TryParse(resource, out var acct), resource);
        Assert.Equal(user, acct.User);
        Assert.Equal("example.com", acct.Host);
        var jrd = Get("resource=" + Uri.EscapeDataString(resource) + "&rel=" + IssuerRelEncoded, router: Everyone);
        Assert.Equal(200, jrd.StatusCode);
        Assert.Contains("\"subject\":\"" + resource + "\"", jrd.Body, StringComparison.Ordinal);
        Assert.Equal(301, Get("resource=" + Uri.EscapeDataString(resource), router: Everyone).StatusCode);
    }

    [Theory]
    [InlineData("acct:alice@example.com@example.com")]
    [InlineData("acct:alice@")]
    [InlineData("acct:@example.com")]
    [InlineData("acct:")]
    [InlineData("acct:alice")]
    public void Other_malformed_acct_uris(string resource) => Assert.False(AcctUri.TryParse(resource, out _), resource);

    [Fact]
    public void The_issue_examples_are_404_with_everyone()
    {
        string[] queries =
        [
            "resource=acct:a@b@example.com", "resource=acct:a%2540b@example.com&rel=" + IssuerRelEncoded, // raw second @ / a valid %40 (form-encoded as %2540)
            "resource=acct:a:b@example.com", "resource=acct:a/b@example.com", "resource=acct:%22a%22@example.com",
            "resource=acct:%3Ca%3E@example.com",
        ];
        int[] expected = [404, 200, 404, 404, 404, 404];
        for (var i = 0; i < queries.Length; i++)
        {
            Assert.Equal(expected[i], Get(queries[i], router: Everyone).StatusCode);
        }
    }
}
