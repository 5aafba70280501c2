namespace EdgeRouter.ReviewTests;

/// <summary>
/// Input the review cannot read gets one line on stderr naming the problem, nothing on stdout, and exit 2: a
/// pipeline must not mistake it for a pass (0) or for findings (1).
/// </summary>
[Collection(PriorStateCollection.Name)]
public sealed class InvalidInputTests(PriorStateFixture fixture)
{
    private static async Task AssertRefused(ProcessResult review, string expected)
    {
        await Task.CompletedTask;
        Assert.True(review.Code == 2, review.All);
        Assert.Equal("", review.Stdout);
        var line = Assert.Single(review.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("review: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_plan_json()
    {
        var folder = await fixture.Planned("secret");
        var json = await File.ReadAllTextAsync(Path.Combine(folder, "plan.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "truncated.json"), json[..(json.Length / 2)]);
        await AssertRefused(await Processes.Review(folder, "--plan", "truncated.json", "--stack", "cdk.tf.json"),
            "truncated.json is neither a saved plan nor valid plan JSON (truncated?)");
    }

    [Fact]
    public async Task A_state_file_is_not_a_plan()
    {
        var folder = await fixture.Planned("secret");
        var state = await Processes.Terraform(folder, "show", "-json", "terraform.tfstate");
        await File.WriteAllTextAsync(Path.Combine(folder, "state.json"), state.Stdout);
        await AssertRefused(await Processes.Review(folder, "--plan", "state.json", "--stack", "cdk.tf.json"),
            "state.json is a Terraform state, not a plan");
        await AssertRefused(await Processes.Review(folder, "--plan", "terraform.tfstate", "--stack", "cdk.tf.json"),
            "terraform.tfstate is not a Terraform plan (no format_version)");
    }

    [Fact]
    public async Task A_plan_of_another_stack()
    {
        var folder = await fixture.Planned("secret");
        var stateStack = Path.Combine(await SynthesizedStacks.Folder, "stacks", "edge-router-state", "cdk.tf.json");
        await AssertRefused(await Processes.Review(folder, "--plan", "plan.json", "--stack", stateStack),
            "plan.json is not a plan of the stack edge-router-state in");
    }

    [Fact]
    public async Task A_binary_file_that_is_not_a_plan()
    {
        var folder = await fixture.Planned("secret");
        await File.WriteAllBytesAsync(Path.Combine(folder, "junk.tfplan"), [(byte)'P', (byte)'K', 3, 4, 0, 1, 2, 3, 0xff, 0xfe]);
        await AssertRefused(await Processes.Review(folder, "--plan", "junk.tfplan", "--stack", "cdk.tf.json"),
            "terraform show -json junk.tfplan (in ");
        await File.WriteAllBytesAsync(Path.Combine(folder, "empty.json"), []);
        await AssertRefused(await Processes.Review(folder, "--plan", "empty.json", "--stack", "cdk.tf.json"),
            "empty.json is neither a saved plan nor valid plan JSON");
        await AssertRefused(await Processes.Review(folder, "--plan", "absent.tfplan", "--stack", "cdk.tf.json"),
            "no plan at absent.tfplan: run make plan first, or name one with PLAN=FILE");
    }

    [Fact]
    public async Task Bad_options_name_the_make_variable()
    {
        var folder = await fixture.Planned("secret");
        await AssertRefused(await Processes.Review(folder, "--plan", "plan.json", "--stack", "cdk.tf.json", "--format", "html"),
            "FORMAT is \"html\": use text (the default) or markdown");
        await AssertRefused(await Processes.Review(folder, "--plan", "", "--stack", "cdk.tf.json"), "PLAN is empty");
        await AssertRefused(await Processes.Review(folder, "--plan", "plan.json", "--stack", "nowhere/cdk.tf.json"),
            "no synthesized stack at nowhere/cdk.tf.json");
    }
}
