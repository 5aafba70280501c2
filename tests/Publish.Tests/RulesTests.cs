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

    [Theory]
    [InlineData("--dry-run", "1", true)]
    [InlineData("--dry-run", "0", false)]
    [InlineData("--dry-run", "", false)]
    public void Flags_take_exactly_1_0_or_empty(string option, string value, bool expected) =>
        Assert.Equal(expected, PublishOptions.Parse(["--site", "x", option, value]).DryRun);

    [Theory]
    [InlineData("--dry-run", "TRUE", "DRY_RUN=TRUE: expected 1")]
    [InlineData("--dry-run", "yes", "DRY_RUN=yes")]
    [InlineData("--dry-run", " 1", "DRY_RUN= 1")]
    [InlineData("--dry-run", "2", "DRY_RUN=2")]
    [InlineData("--delete-skipped", "on", "DELETE_SKIPPED=on")]
    [InlineData("--max-invalidation-paths", "0", "MAX_INVALIDATION_PATHS=0: expected a whole number from 1 to 3000")]
    [InlineData("--max-invalidation-paths", "+5", "MAX_INVALIDATION_PATHS=+5")]
    [InlineData("--max-invalidation-paths", "5 ", "MAX_INVALIDATION_PATHS=5 ")]
    [InlineData("--max-invalidation-paths", "1e3", "MAX_INVALIDATION_PATHS=1e3")]
    [InlineData("--max-invalidation-paths", "3001", "MAX_INVALIDATION_PATHS=3001")]
    [InlineData("--max-invalidation-paths", "٣", "MAX_INVALIDATION_PATHS=٣")]
    [InlineData("--max-delete", "-1", "MAX_DELETE=-1: expected a whole number from 0 to 1000000")]
    [InlineData("--max-delete", "1000001", "MAX_DELETE=1000001")]
    [InlineData("--distribution", "e2abcdef123456", "DISTRIBUTION=e2abcdef123456: expected a CloudFront distribution ID")]
    [InlineData("--distribution", "NONE", "write it in lower case: DISTRIBUTION=none")]
    [InlineData("--distribution", "d111111abcdef8.cloudfront.net", "that is a domain name")]
    [InlineData("--distribution", "arn:aws:cloudfront::123456789012:distribution/E2ABCDEF123456", "give the ID at the end of the ARN")]
    [InlineData("--bucket", "s3://my-bucket", "BUCKET=s3://my-bucket: give the bucket's name only")]
    [InlineData("--bucket", "My_Bucket", "BUCKET=My_Bucket: not an S3 bucket name")]
    [InlineData("--bucket", "a..b", "BUCKET=a..b")]
    [InlineData("--cache", "*.js=max_age=60", "\"max_age=60\" is not a Cache-Control directive")]
    [InlineData("--cache", "*.js=max-age", "max-age needs =SECONDS")]
    [InlineData("--cache", "*.js=immutable=1", "immutable takes no value")]
    [InlineData("--cache", "*.js=public, max-age=1é", "in ASCII")]
    [InlineData("--include", "a/../b", "INCLUDE: pattern \"a/../b\" holds a . or .. segment")]
    [InlineData("--command-line-variables", "SITE DRYRUN", "DRYRUN=… is not a variable of make publish: did you mean DRY_RUN?")]
    [InlineData("--command-line-variables", "dry_run", "did you mean DRY_RUN?")]
    [InlineData("--command-line-variables", "Max_Delete", "did you mean MAX_DELETE?")]
    [InlineData("--command-line-variables", "DISTRIBUTON", "did you mean DISTRIBUTION?")]
    [InlineData("--command-line-variables", "MAX_INVALIDATION_PATH", "did you mean MAX_INVALIDATION_PATHS?")]
    [InlineData("--command-line-variables", "site", "did you mean SITE?")]
    public void A_value_that_is_not_listed_is_refused_naming_the_variable(string option, string value, string message)
    {
        var e = Assert.Throws<PublishRefusedException>(() => PublishOptions.Parse(["--site", "x", option, value]));
        Assert.Contains(message, e.Message);
        Assert.EndsWith("nothing was read or written", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ENGINE TFVARS URL API DOMAIN ACCOUNT EDGE_PORT SITE DRY_RUN")]
    [InlineData("")]
    public void Other_command_line_variables_pass(string names) =>
        Assert.Equal("x", PublishOptions.Parse(["--site", "x", "--command-line-variables", names]).Site);

    [Theory]
    [InlineData(".env", "a dotfile")]
    [InlineData("docs/.env", "a dotfile")]
    [InlineData(".well-known/.env", "a dotfile")]
    [InlineData(".well-known", "a dotfile")]
    [InlineData(".git/config", "in the dot-folder .git/")]
    [InlineData("a/.svn/b/c", "in the dot-folder a/.svn/")]
    [InlineData("docs/.well-known/x", "in the dot-folder docs/.well-known/")]
    [InlineData(".Well-Known/x", "in the dot-folder .Well-Known/")]
    [InlineData("Thumbs.db", "desktop litter")]
    [InlineData(".well-known/security.txt", null)]
    [InlineData(".well-known/matrix/server", null)]
    [InlineData("index.html", null)]
    [InlineData("a.b/c.d", null)]
    public void Skipped_names(string key, string? reason) => Assert.Equal(reason, NameRules.SkipReason(key));

    [Theory]
    [InlineData("server.pem", true)]
    [InlineData("certs/Server.PEM", true)]
    [InlineData("tls.key", true)]
    [InlineData("id_rsa", true)]
    [InlineData("ID_ED25519", true)]
    [InlineData("terraform.tfvars", true)]
    [InlineData("prod.tfvars.json", true)]
    [InlineData("state/terraform.tfstate.backup", true)]
    [InlineData("id_rsa.pub", false)]
    [InlineData("keyboard.png", false)]
    [InlineData("monkey.jpg", false)]
    public void Secret_bearing_names(string key, bool secret) => Assert.Equal(secret, NameRules.IsSecretBearing(key));

    [Theory]
    [InlineData(null, "{}")]
    [InlineData("not json", null)]
    [InlineData("{\"distributions\":{\"E1\":[\"no-slash\"]}}", null)]
    [InlineData("{\"distributions\":{\"E1\":[1]}}", null)]
    [InlineData("{\"version\":1,\"distributions\":{\"E1\":[\"/a\"]}}", "{\"E1\":[\"/a\"]}")]
    public void Pending_invalidations_read_safely(string? text, string? expected)
    {
        var parsed = PendingInvalidations.Parse(text);
        Assert.Equal(expected, parsed is null ? null : System.Text.Json.JsonSerializer.Serialize(parsed));
    }

    [Theory]
    [InlineData(new[] { "a" }, 2, null, null)]
    [InlineData(new[] { "a", "b" }, 4, null, null)]
    [InlineData(new[] { "a", "b", "c" }, 4, null, "3 of the bucket's 4 objects, more than half")]
    [InlineData(new[] { "index.html" }, 100, null, "index.html, the home page")]
    [InlineData(new[] { "404.html" }, 100, null, "404.html, the not-found page")]
    [InlineData(new[] { "a", "b", "c" }, 4, 3, null)]
    [InlineData(new[] { "a", "b", "c" }, 100, 2, "more than MAX_DELETE=2")]
    [InlineData(new[] { "a" }, 100, 0, "more than MAX_DELETE=0")]
    public void The_delete_guard(string[] deletes, int objects, int? maxDelete, string? refusal)
    {
        var result = DeleteGuard.Check(deletes, objects, maxDelete, "404.html");
        if (refusal is null) Assert.Null(result);
        else Assert.Contains(refusal, result);
    }

    [Fact]
    public void A_glob_matches_in_linear_time_whatever_its_stars()
    {
        var glob = Glob.Parse(string.Concat(Enumerable.Repeat("**/", 40)) + "*x");
        var key = string.Concat(Enumerable.Repeat("a/", 500)) + "y";
        // With backtracking this would not finish; NonBacktracking answers at once (no timing asserted here).
        Assert.False(glob.Matches(key));
        Assert.True(glob.Matches(string.Concat(Enumerable.Repeat("a/", 500)) + "yx"));
    }
}
