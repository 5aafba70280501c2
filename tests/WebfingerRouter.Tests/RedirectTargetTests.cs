using System.Text;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;
using EdgeRouter.Webfinger.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests;

/// <summary>What a redirect carries: the Location is always an RFC 3986 URI, and what the router forwards to
/// Mastodon means to Mastodon (Rack's parser: <c>;</c> separates too, <c>resource]</c> is <c>resource</c>, the last
/// one wins) exactly what the router checked.</summary>
public class RedirectTargetTests(ITestOutputHelper output)
{
    private static readonly Router Everyone = new(ConfigParser.Parse(
        """{"domain":"example.com","mastodon":{"host":"mastodon.example.com"},"oidc":{"issuer":"https://auth.example.com","accounts":["bob"]}}"""));

    [Theory]
    [InlineData("resource=acct:alice@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct%3Aalice%40example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("rel=self&resource=acct%3AAlice%40Example.Com&x=%2B+y", "resource=acct%3AAlice%40example.com&rel=self")]
    [InlineData("resource=ACCT:alice@EXAMPLE.COM", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&rel=a+b", "resource=acct%3Aalice%40example.com&rel=a%2Bb")] // a raw + is a plus
    [InlineData("resource=acct:alice@example.com&rel=self&rel=http://webfinger.net/rel/profile-page", "resource=acct%3Aalice%40example.com&rel=self&rel=http%3A%2F%2Fwebfinger.net%2Frel%2Fprofile-page")]
    [InlineData("resource=acct:alice@example.com&x=1;resource=acct:bob@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&rel=self;resource=acct:bob@example.com", "resource=acct%3Aalice%40example.com&rel=self%3Bresource%3Dacct%3Abob%40example.com")]
    [InlineData("resource=acct:alice@example.com&resource]=acct:bob@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&[resource]=acct:bob@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&resource[]=acct:bob@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&resource%5D=acct:bob@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&x=\"<>\\^`{|}[]", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@example.com&rel=a\"<>\\^`{|}[]b", "resource=acct%3Aalice%40example.com&rel=a%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5Db")]
    public void The_redirect_carries_the_checked_resource_re_encoded(string query, string forwarded)
    {
        var r = Get(query);
        Assert.Equal(301, r.StatusCode);
        var location = r.Header("Location")!;
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?" + forwarded, location);
        Assert.True(Rfc3986.IsUri(location), location);
        CheckMastodonReads(query, location, "example.com");
    }

    [Theory]
    [InlineData("resource=acct:alice@example.com;resource=acct:bob@example.com")] // one resource to the router: no account
    [InlineData("resource=acct:bob@example.com;x=1")]
    public void A_resource_holding_a_second_one_is_no_account(string query)
    {
        Assert.Equal(404, Get(query, router: Everyone).StatusCode);
    }

    [Theory]
    [InlineData("/.well-known/host-meta", "resource=acct:alice@example.com", "resource=acct:alice@example.com")]
    [InlineData("/.well-known/host-meta", "a=\"<>\\^`{|}[]&b=1;c=2", "a=%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D&b=1;c=2")]
    [InlineData("/.well-known/nodeinfo", "x=%22%zz", null)]
    [InlineData("/.well-known/host-meta", "resource=acct:john+work@example.com", "resource=acct:john%2Bwork@example.com")]
    public void The_fallbacks_keep_the_query_and_escape_what_a_uri_may_not_hold(string path, string query, string? forwarded)
    {
        var r = Get(query, path);
        if (forwarded is null)
        {
            Assert.Equal(400, r.StatusCode);
            return;
        }

        Assert.Equal(301, r.StatusCode);
        var location = r.Header("Location")!;
        Assert.Equal("https://mastodon.example.com" + path + "?" + forwarded, location);
        Assert.True(Rfc3986.IsUri(location), location);
        Assert.Equal(Canonical(RackQuery.Parse(PlusAsPlus(query))), Canonical(RackQuery.Parse(QueryOf(location))));
    }

    [Fact]
    public void The_uri_check_and_the_rack_model_can_fail()
    {
        Assert.False(Rfc3986.IsUri("https://mastodon.example.com/.well-known/webfinger?a=\"b\""));
        Assert.False(Rfc3986.IsUri("https://mastodon.example.com/.well-known/webfinger?a=%zz"));
        Assert.False(Rfc3986.IsUri("https://mastodon.example.com/x?a={b}"));
        Assert.False(Rfc3986.IsUri("https://[::1/x"));
        Assert.True(Rfc3986.IsUri("https://[::1]:8443/x?a=%7B;b=c/d?e#f"));
        Assert.Equal("acct:bob@example.com", ((RackQuery.Text)RackQuery.Parse("resource=acct:alice@example.com;resource=acct:bob@example.com")!["resource"]).Value);
        Assert.Equal("b", ((RackQuery.Text)RackQuery.Parse("resource=a&resource]=b")!["resource"]).Value);
        Assert.Null(RackQuery.Parse("resource=a&resource[]=b"));
    }

    /// <summary>Hostile queries (the fuzz pieces, plus RFC 3986's excluded characters, <c>;</c> and Rack's bracket
    /// names) through an alice-only and an everyone router: every Location is a URI, every webfinger redirect reads
    /// to Rack as the checked resource, every fallback redirect as the query sent.</summary>
    [Fact]
    public void Fuzzed_redirects_are_uris_and_mean_what_was_checked()
    {
        var seed = FuzzTests.Seed();
        output.WriteLine("fuzz seed " + seed + " (WEBFINGER_FUZZ_SEED=" + seed + " replays it)");
        var rng = new Random(seed);
        string[] extra =
        [
            "\"", "<", ">", "\\", "^", "`", "{", "|", "}", "[", "]", ";", "%3B", "resource]=", "[resource]=", "resource[]=", "resource[x]=",
            ";resource=acct:bob@example.com", "&resource%5D=acct:bob@example.com", ";rel=self", "acct:alice@example.com", "acct:bob@example.com",
            "resource=acct:alice@example.com", "%2540", "%22", "'", "!$&'()*+,;=",
        ];
        string[] paths = ["/.well-known/webfinger", "/.well-known/webfinger", "/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo"];
        var redirects = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var sb = new StringBuilder(rng.Next(3) == 0 ? "resource=acct:" + (rng.Next(2) == 0 ? "alice" : "zed") + "@example.com" : "");
            var n = rng.Next(0, 8);
            for (var j = 0; j < n; j++)
            {
                var piece = rng.Next(2) == 0 ? extra[rng.Next(extra.Length)] : FuzzTests.HostileQuery(rng);
                sb.Append(piece[..Math.Min(60, piece.Length)]);
            }

            var query = sb.ToString();
            var path = paths[rng.Next(paths.Length)];
            foreach (var router in new[] { TestConfig.Router, Everyone })
            {
                RouterResponse r = Get(query, path, router: router);
                if (r.StatusCode != 301)
                {
                    continue;
                }

                redirects++;
                var location = r.Header("Location")!;
                var context = $"seed {seed}, case {i}, {path}?{query}";
                Assert.True(Rfc3986.IsUri(location), context + ": Location is not a URI: " + location);
                Assert.StartsWith("https://mastodon.example.com" + path, location, StringComparison.Ordinal);
                if (path == Routing.Router.WebfingerPath)
                {
                    CheckMastodonReads(query, location, "example.com", context);
                }
                else
                {
                    Assert.Equal(Canonical(RackQuery.Parse(PlusAsPlus(query))), Canonical(RackQuery.Parse(QueryOf(location))));
                }
            }
        }

        output.WriteLine(redirects + " redirects checked");
        Assert.True(redirects > 2000, "too few redirects reached: " + redirects);
    }

    private static void CheckMastodonReads(string query, string location, string domain, string context = "")
    {
        Assert.True(WebfingerQuery.TryParse(query, domain, out var checkedQuery, out _), context);
        var forwarded = QueryOf(location);
        var rack = RackQuery.Parse(forwarded);
        Assert.True(rack is not null, context + ": Rack cannot read " + forwarded);
        Assert.True(rack!.TryGetValue("resource", out var resource) && resource is RackQuery.Text t && t.Value == checkedQuery!.CanonicalAccount,
            $"{context}: Mastodon reads resource {Canonical(rack)} but the router checked {checkedQuery!.CanonicalAccount}");
    }

    /// <summary>The query as the router reads it, written for Rack: a raw '+' is a plus to the router (RFC 3986), a
    /// space to Rack, so the fallback forwards it as %2B; Mastodon must read what the router read.</summary>
    private static string PlusAsPlus(string query) => query.Replace("+", "%2B", StringComparison.Ordinal);

    private static string QueryOf(string location)
    {
        var q = location.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? "" : location[(q + 1)..];
    }

    private static string Canonical(Dictionary<string, RackQuery.Value>? p) => p is null
        ? "(error)"
        : string.Join("\n", p.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value switch
        {
            RackQuery.Text t => "s:" + t.Value,
            RackQuery.List l => "l:" + string.Join("\u0001", l.Items),
            _ => "nested",
        }));
}
