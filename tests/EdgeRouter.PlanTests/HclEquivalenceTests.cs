using System.Diagnostics;

namespace EdgeRouter.PlanTests;

/// <summary>
/// `make hcl`: the HCL stacks a user gets plan exactly as the JSON stacks do (same resource addresses, so a state
/// made from the JSON stack needs no `moved` block and no import; same planned values and outputs, with the same
/// variables and provider), terraform fmt -check is clean, and a folder the user edited is never overwritten.
/// </summary>
[Collection(PlanCollection.Name)]
public sealed class HclEquivalenceTests(PlanFixture fixture)
{
    public static IEnumerable<PlanCase> Cases =>
        from stack in new[] { Stacks.Edge, Stacks.State }
        from format in new[] { StackFormat.Json, StackFormat.Hcl }
        select new PlanCase(PlanMatrix.Default, stack, format, VariableSet.Example);

    public static TheoryData<string> StackNames => new([Stacks.Edge, Stacks.State]);

    [Theory]
    [MemberData(nameof(StackNames))]
    public async Task The_HCL_stack_plans_exactly_as_the_JSON_stack(string stack)
    {
        var json = await fixture.Runner.Plan(new PlanCase(PlanMatrix.Default, stack, StackFormat.Json, VariableSet.Example));
        var hcl = await fixture.Runner.Plan(new PlanCase(PlanMatrix.Default, stack, StackFormat.Hcl, VariableSet.Example));

        Assert.Equal(json.ResourceAddresses, hcl.ResourceAddresses);
        Assert.NotEmpty(hcl.ResourceAddresses);
        foreach (var section in new[] { "planned_values", "resource_changes", "output_changes", "prior_state", "variables" })
        {
            var difference = FirstDifference(json.Document[section], hcl.Document[section], section);
            Assert.True(difference is null, $"{stack}: the HCL plan differs from the JSON plan at {difference}");
        }
    }

    [Fact]
    public async Task The_HCL_stack_holds_every_expectation()
    {
        var plan = await fixture.Runner.Plan(new PlanCase(PlanMatrix.Default, Stacks.Edge, StackFormat.Hcl, VariableSet.Example));

        var faults = PlanExpectations.Check(plan);

        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    [Fact]
    public async Task Terraform_fmt_check_is_clean_on_what_make_hcl_wrote()
    {
        var folder = fixture.Runner.HclFolder(PlanMatrix.Default);

        var (code, stdout, stderr) = await fixture.Runner.Processes.Terraform(folder, "fmt -check hcl", "fmt", "-check", "-recursive", "-no-color");

        Assert.True(code == 0, $"terraform fmt -check -recursive {folder}: exit {code}\n{stdout}{stderr}");
        Assert.True(File.Exists(Path.Combine(folder, Stacks.Edge, "main.tf")) && File.Exists(Path.Combine(folder, Stacks.State, "main.tf")));
    }

    [Fact]
    public void Make_hcl_refuses_to_overwrite_an_edited_file_and_never_touches_the_users_own()
    {
        // test-plan runs make hcl with its own synth folder (HCL_SYNTH), never the one a user's make hcl writes.
        var hclSynth = Path.Combine(fixture.Runner.Settings.RepoRoot, "build", "plan", "hcl-synth");
        Assert.True(Directory.Exists(hclSynth), "make hcl's synth folder build/plan/hcl-synth is missing: run the check with make test-plan");
        var output = Path.Combine(fixture.Runner.Settings.WorkRoot, "publish-test");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Assert.Equal(0, Publish(hclSynth, output).Code);
        var state = Path.Combine(output, Stacks.State, "terraform.tfstate");
        File.WriteAllText(state, "{\"version\": 4}");
        Assert.Equal(0, Publish(hclSynth, output).Code); // unchanged files are replaced; the state stays
        Assert.Equal("{\"version\": 4}", File.ReadAllText(state));

        var main = Path.Combine(output, Stacks.Edge, "main.tf");
        File.AppendAllText(main, "\n# my change\n");
        var edited = File.ReadAllText(main);
        var (code, log) = Publish(hclSynth, output);

        Assert.Equal(1, code);
        Assert.Contains($"was changed since make hcl wrote it: {Stacks.Edge}/main.tf", log, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllText(main));
        Assert.Equal("{\"version\": 4}", File.ReadAllText(state));
    }

    private (int Code, string Log) Publish(string synth, string output)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = fixture.Runner.Settings.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "tools/publish-hcl.mjs", synth, output })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TF_CLI_CONFIG_FILE"] = fixture.Runner.Settings.Provider.CliConfigFile;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    // The first JSON path where two documents differ, or null. Object keys in any order, arrays in order.
    private static string? FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (FirstDifference(x[key], y[key], $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                {
                    return $"{path}: {x.Count} items in JSON, {y.Count} in HCL";
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (FirstDifference(x[i], y[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(a, b) ? null : $"{path}: {a?.ToJsonString() ?? "null"} (JSON) vs {b?.ToJsonString() ?? "null"} (HCL)";
        }
    }
}
