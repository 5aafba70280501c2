using System.Diagnostics;

namespace EdgeRouter.Tests;

/// <summary>
/// The user's variables live in terraform.tfvars at the project's root, outside cdktf.out, and every documented
/// command reads them from there: make plan / make apply (the real terraform on a provider-free copy of the stack's
/// variables), `cdktf deploy` (the pinned cdktf CLI and the real terraform), make serve (the local edge's
/// --var-file; tests/e2e/user-variables.test.mjs runs the edge with it).
/// </summary>
public sealed class UserVariablesTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-router-vars-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private const string UserValues = """
        # the user's own values, as they edit terraform.tfvars
        site_bucket_name = "users-own-site"
        webfinger_domain = "users-own.dev"
        hsts_max_age_seconds = 300
        """;

    // A stand-in for the synthesized edge stack: its real variables, outputs that show three of them, no provider.
    private string ProviderFreeStack()
    {
        var stack = Directory.CreateDirectory(Path.Combine(_work, "cdktf.out", "stacks", "edge-router")).FullName;
        var outputs = new JsonObject();
        foreach (var name in new[] { "site_bucket_name", "webfinger_domain", "hsts_max_age_seconds" })
        {
            outputs[name] = new JsonObject { ["value"] = $"${{var.{name}}}" };
        }

        // An engine's metadata (CDKTF's version, as its synth writes it), so make plan's preflight
        // (deploy/doctor.mjs) knows which engine wrote the stack.
        var cdktfVersion = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "node_modules", "cdktf", "package.json")))!["version"]!.ToString();
        var metadata = new JsonObject { ["metadata"] = new JsonObject { ["version"] = cdktfVersion } };
        File.WriteAllText(Path.Combine(stack, "cdk.tf.json"),
            new JsonObject
            {
                ["//"] = metadata.DeepClone(),
                ["variable"] = fixture.Stack.Document["variable"]!.DeepClone(),
                ["output"] = outputs,
            }.ToJsonString());

        // And the state stack as applied, in this test's own folder: the preflight checks it, and the saved plan goes
        // beside its state (here, never the project's state/).
        var stateStack = Directory.CreateDirectory(Path.Combine(_work, "cdktf.out", "stacks", "edge-router-state")).FullName;
        File.WriteAllText(Path.Combine(stateStack, "cdk.tf.json"), new JsonObject
        {
            ["//"] = metadata.DeepClone(),
            ["terraform"] = new JsonObject { ["backend"] = new JsonObject { ["local"] = new JsonObject { ["path"] = "../../../state/edge-router-state.tfstate" } } },
        }.ToJsonString());
        var state = Directory.CreateDirectory(Path.Combine(_work, "state")).FullName;
        File.WriteAllText(Path.Combine(state, "state-bucket-name"), "edge-router-state-usersvarstest\n");
        File.WriteAllText(Path.Combine(state, "edge-router-state.tfstate"),
            """{"version":4,"resources":[{"mode":"managed","type":"aws_s3_bucket","name":"state_bucket","instances":[{"attributes":{"bucket":"edge-router-state-usersvarstest"}}]}]}""");
        return stack;
    }

    private (int Code, string Output) Make(params string[] arguments) => MakeWithPath(null, arguments);

    /// <summary>make with <paramref name="pathPrefix"/> (a folder of stand-in commands) first on PATH.</summary>
    private (int Code, string Output) MakeWithPath(string? pathPrefix, params string[] arguments)
    {
        var start = new ProcessStartInfo("make") { WorkingDirectory = RepoRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        if (pathPrefix is not null)
        {
            start.Environment["PATH"] = pathPrefix + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        foreach (var argument in (string[])["--no-print-directory", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        // Not the make this test may run under (its jobserver and flags).
        foreach (var inherited in new[] { "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES" })
        {
            start.Environment.Remove(inherited);
        }

        var cliConfig = Path.Combine(_work, "cli.tfrc");
        File.WriteAllText(cliConfig, "");
        start.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["TF_IN_AUTOMATION"] = "1";
        // Keys the preflight accepts; the stand-in stack has no provider, so nothing ever uses them.
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIAUSERSVARIABLES00";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "users-variables-test";
        start.Environment.Remove("AWS_PROFILE");
        return Run(start);
    }

    private static (int Code, string Output) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        // Without the colours terraform adds (make plan keeps them for the user).
        return (process.ExitCode, System.Text.RegularExpressions.Regex.Replace(stdout.Result + stderr.Result, @"\x1b\[[0-9;]*m", ""));
    }

    [Fact]
    public void Make_plan_and_make_apply_give_terraform_the_users_tfvars()
    {
        var stack = ProviderFreeStack();
        var tfvars = Path.Combine(_work, "terraform.tfvars");
        File.WriteAllText(tfvars, UserValues);

        var (code, output) = Make("plan", $"EDGE_STACK_DIR={stack}", $"TFVARS={tfvars}");
        Assert.True(code == 0, output);
        Assert.Contains($"-var-file={tfvars} -out={Path.Combine(_work, "state", "plans", "edge-router.tfplan.partial")}", output);
        Assert.Matches(@"\+ site_bucket_name\s+= ""users-own-site""", output);
        Assert.Matches(@"\+ webfinger_domain\s+= ""users-own.dev""", output);
        Assert.Matches(@"\+ hsts_max_age_seconds\s+= 300", output);

        (code, output) = Make("apply", $"EDGE_STACK_DIR={stack}");
        Assert.True(code == 0, output);
        var (exit, stdout, stderr) = Terraform.RunIn(stack, "output", "-json");
        Assert.True(exit == 0, stderr);
        var outputs = JsonNode.Parse(stdout)!;
        Assert.Equal(("users-own-site", "users-own.dev", 300),
            (outputs["site_bucket_name"]!["value"]!.ToString(), outputs["webfinger_domain"]!["value"]!.ToString(),
                outputs["hsts_max_age_seconds"]!["value"]!.GetValue<int>()));
    }

    [Fact]
    public void By_default_make_plan_reads_terraform_tfvars_at_the_projects_root_and_says_so_when_it_is_missing()
    {
        // deploy.mk hands the values to terraform.mjs through the environment (never re-parsed by the shell), so what
        // it passes is read from a stand-in node that prints its arguments and those variables.
        var stubs = Path.Combine(_work, "stub-bin");
        Directory.CreateDirectory(stubs);
        var node = Path.Combine(stubs, "node");
        File.WriteAllText(node, "#!/bin/sh\nprintf 'node %s | stack=%s stack-dir=%s tfvars=%s\\n' \"$*\" \"$DEPLOY_STACK\" \"$DEPLOY_STACK_DIR\" \"$DEPLOY_TFVARS\"\n");
        using (var chmod = Process.Start("chmod", ["700", node]))
        {
            chmod.WaitForExit();
        }

        var (code, output) = MakeWithPath(stubs, "plan");
        Assert.True(code == 0, output);
        Assert.Contains("node deploy/terraform.mjs plan --stack edge --stack-dir cdktf.out/stacks/edge-router --tfvars terraform.tfvars", output);
        Assert.Contains("| stack=edge stack-dir=cdktf.out/stacks/edge-router tfvars=terraform.tfvars", output);

        var stack = ProviderFreeStack();
        (code, output) = Make("plan", $"EDGE_STACK_DIR={stack}", $"TFVARS={Path.Combine(_work, "missing.tfvars")}");
        Assert.NotEqual(0, code);
        Assert.Contains($"✗ no {Path.Combine(_work, "missing.tfvars")}: cp terraform.tfvars.example", output);

        (code, output) = Make("apply", $"EDGE_STACK_DIR={stack}");
        Assert.NotEqual(0, code);
        Assert.Contains("✗ no saved plan for edge-router", output);
    }

    [Fact]
    public void Make_serve_gives_the_local_edge_the_users_tfvars_when_there_is_one()
    {
        var tfvars = Path.Combine(_work, "terraform.tfvars");
        File.WriteAllText(tfvars, UserValues);
        var (code, output) = Make("-n", "serve", $"TFVARS={tfvars}");
        Assert.True(code == 0, output);
        Assert.Matches($@"LocalEdge\.dll .*--var-file {System.Text.RegularExpressions.Regex.Escape(tfvars)}", output.Replace("\\\n", " ", StringComparison.Ordinal));

        (code, output) = Make("-n", "serve", $"TFVARS={Path.Combine(_work, "missing.tfvars")}");
        Assert.True(code == 0, output);
        Assert.DoesNotContain("--var-file", output);
    }

    [Fact]
    public void Cdktf_deploy_reads_terraform_tfvars_from_the_projects_root()
    {
        // A project as the pinned cdktf CLI sees it: cdktf.json, terraform.tfvars beside it, a synthesized stack
        // (provider-free, so that the real terraform can plan and apply it here). --skip-synth: the CLI collects the
        // variables files when it starts, before and independently of the synth it would otherwise run.
        var stack = ProviderFreeStack();
        File.WriteAllText(Path.Combine(_work, "cdktf.json"), """{"language":"csharp","app":"false","sendCrashReports":"false"}""");
        File.WriteAllText(Path.Combine(_work, "terraform.tfvars"), UserValues);
        File.WriteAllText(Path.Combine(_work, "cdktf.out", "manifest.json"), """
            {"stacks":{"edge-router":{"annotations":[],"constructPath":"edge-router","dependencies":[],"name":"edge-router",
              "stackMetadataPath":"stacks/edge-router/metadata.json","synthesizedStackPath":"stacks/edge-router/cdk.tf.json",
              "workingDirectory":"stacks/edge-router"}},"version":"0.21.0"}
            """);
        File.WriteAllText(Path.Combine(stack, "metadata.json"), "{}");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(stack, "cdk.tf.json")))!.AsObject();
        json["//"] = JsonNode.Parse("""{"metadata":{"backend":"local","stackName":"edge-router","version":"0.21.0"},"outputs":{}}""");
        File.WriteAllText(Path.Combine(stack, "cdk.tf.json"), json.ToJsonString());

        var start = new ProcessStartInfo("node") { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(RepoRoot.Path, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"),
            "deploy", "edge-router", "--skip-synth", "--auto-approve" })
        {
            start.ArgumentList.Add(argument);
        }

        var cliConfig = Path.Combine(_work, "cli.tfrc");
        File.WriteAllText(cliConfig, "");
        start.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["CI"] = "1";
        var (code, output) = Run(start);
        Assert.True(code == 0, output);

        var (exit, outputs, error) = Terraform.RunIn(stack, "output", "-json");
        Assert.True(exit == 0, error);
        var values = JsonNode.Parse(outputs)!;
        Assert.Equal(("users-own-site", "users-own.dev"),
            (values["site_bucket_name"]!["value"]!.ToString(), values["webfinger_domain"]!["value"]!.ToString()));
    }
}
