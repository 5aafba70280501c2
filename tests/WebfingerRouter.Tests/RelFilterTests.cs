using EdgeRouter.Webfinger.Jrd;
using Xunit;

namespace EdgeRouter.Webfinger.Tests;

public class RelFilterTests
{
    private static readonly JrdDocument Doc = new()
    {
        Subject = "acct:x@example.com",
        Aliases = ["https://example.com/x"],
        Properties = new Dictionary<string, string?> { ["p"] = "v" },
        Links =
        [
            new JrdLink { Rel = "self", Href = "https://example.com/x" },
            new JrdLink { Rel = "http://webfinger.net/rel/avatar", Href = "https://example.com/x.png" },
            new JrdLink { Rel = "self", Href = "https://example.com/x2" },
        ],
    };

    [Fact]
    public void No_rel_returns_the_same_document() => Assert.Same(Doc, RelFilter.Apply(Doc, []));

    [Fact]
    public void Keeps_matching_links_in_order_and_everything_else()
    {
        var f = RelFilter.Apply(Doc, ["self"]);
        Assert.Equal(["https://example.com/x", "https://example.com/x2"], f.Links!.Select(l => l!.Href));
        Assert.Equal(Doc.Subject, f.Subject);
        Assert.Same(Doc.Aliases, f.Aliases);
        Assert.Same(Doc.Properties, f.Properties);
    }

    [Fact]
    public void Several_rels_are_a_union()
    {
        var f = RelFilter.Apply(Doc, ["http://webfinger.net/rel/avatar", "self"]);
        Assert.Equal(3, f.Links!.Count);
    }

    [Fact]
    public void Uri_rels_are_case_sensitive_registered_names_are_not()
    {
        Assert.Empty(RelFilter.Apply(Doc, ["HTTP://WEBFINGER.NET/rel/avatar"]).Links!);
        Assert.Equal(2, RelFilter.Apply(Doc, ["Self"]).Links!.Count);
    }

    [Fact]
    public void A_document_without_links_is_unchanged() =>
        Assert.Null(RelFilter.Apply(new JrdDocument { Subject = "a:b" }, ["self"]).Links);
}
