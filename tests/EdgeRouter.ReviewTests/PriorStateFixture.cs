using System.Diagnostics;
using System.Text.Json;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// Applies the edge stack (a moto shape, <see cref="MotoOverride"/>) once to its own moto server with
/// terraform.tfvars.example (without Route 53 records: moto has no zone of that ID), then plans every
/// <see cref="Cases"/> change against that state, all at once, each in a copy of its own (stack, state, override):
/// real plans with a real prior state. Tests await the case they assert on.
/// </summary>
public sealed class PriorStateFixture : IDisposable
{
    /// <summary>
    /// The example's certificate ARN is a placeholder the stack refuses at plan (Inputs/ExamplePlaceholders): the suite
    /// plans with a test value in its place, as the plan check does.
    /// </summary>
    public const string CertificateArg = "-var=acm_certificate_arn=arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-4333-8444-555555555555";

    private readonly Lazy<Task<MotoServer>> _moto;
    private readonly Lazy<Task<string>> _applied;
    private readonly Dictionary<string, Lazy<Task<string>>> _plans;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The changes planned against the prior state.</summary>
    public static IReadOnlyList<ReviewCase> Cases { get; } =
    [
        new("no-change", []),
        // The stack's prevent_destroy would stop this plan; the case removes it as a user editing the stack would, and
        // the review is what still stands between that plan and the empty new bucket.
        new("rename", ["-var=site_bucket_name=example-com-site-renamed"], Edit: (document, stack) =>
            Resource(document, stack, "edge-router/site/bucket")["lifecycle"] = new JsonObject { ["prevent_destroy"] = false }),
        // Two changes to the distribution in one plan (each machine-minute counts): Host forwarded, aliases changed.
        new("distribution", [$"-var=review_test_origin_request_policy_id={AllViewer}", "-var=aliases=[\"example.com\",\"new.example.com\"]"],
            IgnoreOnDistribution: ["default_cache_behavior", "origin", "viewer_certificate"]),
        new("secret", ["-replace=terraform_data.{origin_verify/value}"],
            IgnoreOnDistribution: ["default_cache_behavior", "ordered_cache_behavior", "viewer_certificate"]),
        // Hand edits of the stack, as a user changing the C# could make: the public-access block loosened, the site's
        // read grant without its AWS:SourceArn condition, a weaker TLS policy, an environment over Lambda's 4 KB.
        new("hand-edited", [], IgnoreOnDistribution: ["default_cache_behavior", "ordered_cache_behavior", "origin"], Edit: (document, stack) =>
        {
            Resource(document, stack, "edge-router/site/public_access_block")["block_public_policy"] = false;
            // The site's read grant without its AWS:SourceArn condition (the deny on plain HTTP kept).
            var (documentName, document0) = stack["data"]!["aws_iam_policy_document"]!.AsObject()
                .First(p => (string?)p.Value?["//"]?["metadata"]?["path"] == "edge-router/site/policy_document");
            var statements = document0!["statement"]!.DeepClone().AsArray();
            statements[0]!.AsObject().Remove("condition");
            var data = document["data"] as JsonObject ?? (JsonObject)(document["data"] = new JsonObject());
            data["aws_iam_policy_document"] = new JsonObject
            {
                [documentName] = new JsonObject { ["statement"] = statements },
            };
            Resource(document, stack, "edge-router/distribution")["viewer_certificate"] = new JsonObject
            {
                ["acm_certificate_arn"] = "${var.acm_certificate_arn}",
                ["ssl_support_method"] = "sni-only",
                ["minimum_protocol_version"] = "TLSv1.2_2019",
            };
            var (_, secret) = MotoOverride.Find(stack, "edge-router/origin_verify/value");
            Resource(document, stack, "edge-router/router/function")["environment"] = new JsonObject
            {
                ["variables"] = new JsonObject
                {
                    ["ORIGIN_VERIFY_SECRET"] = $"${{sensitive(terraform_data.{secret}.output)}}",
                    ["WEBFINGER_CONFIG"] = "{\"domain\":\"example.com\",\"padding\":\"" + new string('x', 4100) + "\"}",
                },
            };
        }),
    ];

    /// <summary>AWS's managed AllViewer origin request policy (forwards Host).</summary>
    public const string AllViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3";

    public PriorStateFixture()
    {
        Root = Path.Combine(Suite.Current.WorkRoot, "prior-state");
        // Nothing of an earlier run (its state, its timings) may stand in for this one's.
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        _moto = new(() => MotoServer.Start(Path.Combine(Suite.Current.WorkRoot, "moto-prior-state.log")));
        _applied = new(Apply);
        _plans = Cases.ToDictionary(c => c.Name, c => new Lazy<Task<string>>(() => PlanCase(c)));
        foreach (var plan in _plans.Values)
        {
            _ = plan.Value;
        }
    }

    /// <summary>build/review-tests/prior-state: base/ (applied) and one folder per case.</summary>
    public string Root { get; }

    /// <summary>The folder of <paramref name="name"/>'s case, once planned: plan.tfplan, plan.json, its stack and state.</summary>
    public Task<string> Planned(string name) => _plans[name].Value;

    /// <summary>The applied base folder.</summary>
    public Task<string> Applied => _applied.Value;

    /// <summary>The override block for the resource the construct at <paramref name="constructPath"/> made.</summary>
    public static JsonObject Resource(JsonObject document, JsonObject stack, string constructPath)
    {
        var (type, name) = MotoOverride.Find(stack, constructPath);
        var resources = document["resource"] as JsonObject ?? (JsonObject)(document["resource"] = new JsonObject());
        var forType = resources[type] as JsonObject ?? (JsonObject)(resources[type] = new JsonObject());
        return forType[name] as JsonObject ?? (JsonObject)(forType[name] = new JsonObject());
    }

    /// <summary>The variables file every apply and plan reads: the project's example, as a user starts.</summary>
    public static string VarFile => Path.Combine(Suite.Current.RepoRoot, "terraform.tfvars.example");

    private async Task<string> Apply()
    {
        var moto = await _moto.Value.ConfigureAwait(false);
        var folder = await SynthesizedStacks.CopyStack("edge-router", Path.Combine(Root, "base")).ConfigureAwait(false);
        var stack = await SynthesizedStacks.Read("edge-router").ConfigureAwait(false);
        await WriteOverride(folder, MotoOverride.ForEdge(stack, moto.Endpoint)).ConfigureAwait(false);
        await Processes.Terraform(folder, "init", "-input=false", "-no-color").ConfigureAwait(false);
        var apply = await Processes.Terraform(folder, "apply", "-auto-approve", "-input=false", "-no-color",
            $"-var-file={VarFile}", "-var=route53_zone_id=", PriorStateFixture.CertificateArg).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(Root, "apply.log"), apply.All).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(Root, "timing.txt"), $"applied after {_clock.Elapsed.TotalSeconds:F1} s\n").ConfigureAwait(false);
        return folder;
    }

    private async Task<string> PlanCase(ReviewCase reviewCase)
    {
        var moto = await _moto.Value.ConfigureAwait(false);
        var stack = await SynthesizedStacks.Read("edge-router").ConfigureAwait(false);
        var folder = await SynthesizedStacks.CopyStack("edge-router", Path.Combine(Root, reviewCase.Name)).ConfigureAwait(false);
        await WriteOverride(folder, MotoOverride.ForEdge(stack, moto.Endpoint, reviewCase.IgnoreOnDistribution, reviewCase.Edit)).ConfigureAwait(false);
        // Init while the base applies; the state is copied in once it exists.
        await Processes.Terraform(folder, "init", "-input=false", "-no-color").ConfigureAwait(false);
        var applied = await _applied.Value.ConfigureAwait(false);
        File.Copy(Path.Combine(applied, "terraform.tfstate"), Path.Combine(folder, "terraform.tfstate"), overwrite: true);
        var arguments = reviewCase.PlanArguments.Select(a => a.Replace("{origin_verify/value}",
            MotoOverride.Find(stack, "edge-router/origin_verify/value").Name, StringComparison.Ordinal));
        // Only the no-change case refreshes (reads every resource back from moto): the others plan against the state
        // the apply wrote, which is what they are about, and spare moto (one Python process) seven refreshes at once.
        string[] refresh = reviewCase.Name == "no-change" ? [] : ["-refresh=false"];
        var plan = await Processes.Terraform(folder, ["plan", "-input=false", "-no-color", "-lock=false", "-out=plan.tfplan", .. refresh,
            $"-var-file={VarFile}", "-var=route53_zone_id=", PriorStateFixture.CertificateArg, .. arguments]).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "plan.log"), plan.All).ConfigureAwait(false);
        var show = await Processes.Terraform(folder, "show", "-json", "plan.tfplan").ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "plan.json"), show.Stdout).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(Root, "timing.txt"), $"{reviewCase.Name} planned after {_clock.Elapsed.TotalSeconds:F1} s\n").ConfigureAwait(false);
        return folder;
    }

    private static async Task WriteOverride(string folder, JsonObject document)
    {
        var indented = new JsonSerializerOptions { WriteIndented = true };
        await File.WriteAllTextAsync(Path.Combine(folder, MotoOverride.FileName), document.ToJsonString(indented)).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, MotoOverride.VariablesFileName), MotoOverride.Variables().ToJsonString(indented)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_moto.IsValueCreated && _moto.Value.IsCompletedSuccessfully)
        {
            _moto.Value.Result.Dispose();
        }
    }
}

/// <summary>The tests on the prior-state plans.</summary>
[CollectionDefinition(Name)]
public sealed class PriorStateCollection : ICollectionFixture<PriorStateFixture>
{
    public const string Name = "prior state";
}
