namespace EdgeRouter.Publish.Tests;

/// <summary>The publish rules in-process: Content-Type, Cache-Control, invalidation paths, options.</summary>
public sealed class RulesTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("a/b.htm", "text/html; charset=utf-8")]
    [InlineData("site.css", "text/css; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("mod.mjs", "text/javascript; charset=utf-8")]
    [InlineData("data.json", "application/json")]
    [InlineData("feed.xml", "application/xml")]
    [InlineData("logo.svg", "image/svg+xml")]
    [InlineData("a.png", "image/png")]
    [InlineData("a.jpg", "image/jpeg")]
    [InlineData("a.JPEG", "image/jpeg")]
    [InlineData("a.webp", "image/webp")]
    [InlineData("a.avif", "image/avif")]
    [InlineData("a.gif", "image/gif")]
    [InlineData("favicon.ico", "image/x-icon")]
    [InlineData("f.woff", "font/woff")]
    [InlineData("f.woff2", "font/woff2")]
    [InlineData("robots.txt", "text/plain; charset=utf-8")]
    [InlineData("site.webmanifest", "application/manifest+json")]
    [InlineData("m.wasm", "application/wasm")]
    [InlineData("doc.pdf", "application/pdf")]
    [InlineData("app.js.map", "application/json")]
    [InlineData(".well-known/webfinger", "application/jrd+json")]
    [InlineData(".well-known/host-meta", "application/xrd+xml")]
    [InlineData(".well-known/host-meta.json", "application/json")]
    [InlineData(".well-known/atproto-did", "text/plain; charset=utf-8")]
    [InlineData(".well-known/apple-app-site-association", "application/json")]
    [InlineData(".well-known/matrix/server", "application/json")]
    [InlineData(".well-known/matrix/client", "application/json")]
    [InlineData(".well-known/nostr.json", "application/json")]
    [InlineData(".well-known/security.txt", "text/plain; charset=utf-8")]
    [InlineData(".well-known/assetlinks.json", "application/json")]
    [InlineData(".well-known/openid-configuration", "application/json")]
    [InlineData(".well-known/nodeinfo", "application/json")]
    public void Content_type_by_extension_and_for_extensionless_well_known_documents(string key, string expected)
    {
        Assert.Equal(expected, ContentTypes.For(key, out var known));
        Assert.True(known);
    }

    [Theory]
    [InlineData("LICENSE")]
    [InlineData("webfinger")] // only under /.well-known/ is it a JRD
    [InlineData(".well-known/unknown-thing")]
    [InlineData("x.unknownext")]
    public void Unknown_names_get_octet_stream_and_are_reported(string key)
    {
        Assert.Equal("application/octet-stream", ContentTypes.For(key, out var known));
        Assert.False(known);
    }

    [Theory]
    [InlineData("assets/main.3f2a1b9c.js", true)]
    [InlineData("assets/index-BxH3a9Qk.js", true)]
    [InlineData("app.5e6f7a8b9c0d.css", true)]
    [InlineData("chunk_a1b2c3d4e5.js", false)] // name_<hash> is no bundler's format, and too often a person's name_2024ab
    [InlineData("main.3f2a1b9c.js.map", true)]
    [InlineData("index.html", false)]
    [InlineData("page.3f2a1b9c.html", false)] // a page's URL is what people link to: never immutable
    [InlineData("handbook.pdf", false)]
    [InlineData("report-20240101.pdf", false)]
    [InlineData("site-v2update.js", false)]
    [InlineData("background-image.png", false)]
    [InlineData("app.js", false)]
    public void Fingerprinted_names_are_told_from_plain_ones(string name, bool fingerprinted) =>
        Assert.Equal(fingerprinted, CacheRules.IsFingerprinted(name));

    [Fact]
    public void Cache_control_overrides_go_first_then_fingerprint_then_revalidate()
    {
        var rules = new CacheRules([CacheRule.Parse("img/**=public, max-age=86400"), CacheRule.Parse("*.html=no-store")]);
        Assert.Equal(("public, max-age=86400", "rule img/**"), rules.For("img/a/b.png"));
        Assert.Equal(("no-store", "rule *.html"), rules.For("index.html"));
        Assert.Equal(CacheRules.Revalidate, rules.For("docs/index.html").Value); // * stops at '/'
        Assert.Equal(CacheRules.Immutable, rules.For("js/app.3f2a1b9c.js").Value);
        Assert.Equal(CacheRules.Revalidate, rules.For("robots.txt").Value);
        Assert.Equal("public, max-age=1", new CacheRules([CacheRule.Parse("**/*.txt=public, max-age=1")]).For("robots.txt").Value);
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=value")]
    [InlineData("glob=")]
    public void A_malformed_cache_rule_is_refused_naming_it(string rule)
    {
        var e = Assert.Throws<PublishRefusedException>(() => PublishOptions.Parse(["--site", "x", "--cache", rule]));
        Assert.Contains($"\"{rule}\"", e.Message);
    }

    [Fact]
    public void Invalidation_paths_name_every_url_form_of_an_index_and_encode_what_cloudfront_asks()
    {
        Assert.Equal(["/", "/index.html"], InvalidationPaths.For(["index.html"]));
        Assert.Equal(["/blog", "/blog/", "/blog/index.html"], InvalidationPaths.For(["blog/index.html"]));
        Assert.Equal(["/a%20b/%C3%A9t%C3%A9.txt"], InvalidationPaths.For(["a b/été.txt"]));
        Assert.Equal(["/star%2Aname%3F.txt"], InvalidationPaths.For(["star*name?.txt"]));
        Assert.Equal(["/a.txt"], InvalidationPaths.For(["a.txt", "a.txt"]));
        Assert.Equal(["/*"], InvalidationPaths.For(["a", "b", "c"], maxPaths: 2));
        Assert.Equal(["/a", "/b"], InvalidationPaths.For(["a", "b"], maxPaths: 2));
        Assert.Empty(InvalidationPaths.For([]));
    }

    [Theory]
    [InlineData(new string[0], "SITE=dir")]
    [InlineData(new[] { "--site", "x", "--max-invalidation-paths", "0" }, "MAX_INVALIDATION_PATHS=0")]
    [InlineData(new[] { "--site", "x", "--frobnicate" }, "unknown option --frobnicate")]
    public void Bad_options_are_refused(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<PublishRefusedException>(() => PublishOptions.Parse(args)).Message);

    [Fact]
    public void Version_control_folders_and_desktop_litter_are_never_published()
    {
        var dir = Directory.CreateTempSubdirectory("publish-local-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, ".git"));
            File.WriteAllText(Path.Combine(dir, ".git", "config"), "secret");
            File.WriteAllText(Path.Combine(dir, ".DS_Store"), "x");
            Directory.CreateDirectory(Path.Combine(dir, ".well-known"));
            File.WriteAllText(Path.Combine(dir, ".well-known", "security.txt"), "Contact: mailto:a@example.com");
            var warnings = new List<string>();
            var files = LocalSite.Read(dir, new CacheRules([]), [], warnings.Add).Files;
            Assert.Equal([".well-known/security.txt"], files.Select(f => f.Key));
            Assert.Empty(warnings);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
