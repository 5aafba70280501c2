using System.Text.Json;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

public class ConfiguredResourceTests
{
    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Answers_the_configured_jrd_whole_without_rel()
    {
        var r = Get("resource=acct%3Acarol%40example.com");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.ConfiguredResource, r.Decision);
        Assert.Equal(
            ["Content-Type: application/jrd+json", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal(Normalize(CarolJrd), Normalize(r.Body));
    }

    [Fact]
    public void Filters_links_by_rel_and_keeps_subject_aliases_and_properties()
    {
        var r = Get("resource=acct:carol@example.com&rel=self&rel=http%3A%2F%2Fostatus.org%2Fschema%2F1.0%2Fsubscribe");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(
            """{"subject":"acct:carol@example.com","aliases":["https://example.com/carol"],"properties":{"http://example.com/ns/role":"editor","http://example.com/ns/empty":null},"links":[{"rel":"self","type":"application/activity+json","href":"https://example.com/carol"},{"rel":"http://ostatus.org/schema/1.0/subscribe","template":"https://example.com/follow?uri={uri}"}]}""",
            r.Body);
    }

    [Fact]
    public void A_rel_nothing_matches_leaves_an_empty_links_array()
    {
        var doc = JsonDocument.Parse(Get("resource=acct:carol@example.com&rel=nothing").Body).RootElement;
        Assert.Equal(0, doc.GetProperty("links").GetArrayLength());
        Assert.Equal("acct:carol@example.com", doc.GetProperty("subject").GetString());
    }

    [Fact]
    public void Registered_rel_names_compare_without_case()
    {
        var doc = JsonDocument.Parse(Get("resource=acct:carol@example.com&rel=SELF").Body).RootElement;
        Assert.Equal("self", doc.GetProperty("links")[0].GetProperty("rel").GetString());
    }

    [Fact]
    public void Matching_is_verbatim()
    {
        Assert.Equal(404, Get("resource=acct:Carol@example.com").StatusCode);
        Assert.Equal(404, Get("resource=acct:carol@example.com.").StatusCode);
    }
}
