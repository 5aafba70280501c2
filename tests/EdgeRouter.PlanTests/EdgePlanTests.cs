namespace EdgeRouter.PlanTests;

/// <summary>
/// Each plan of the matrix (<see cref="PlanMatrix"/>) against every expectation that applies
/// (<see cref="PlanExpectations.Check"/>), after terraform init and plan (which validates first) on the synthesized
/// stack.
/// </summary>
[Collection(PlanCollection.Name)]
public sealed class EdgePlanTests(PlanFixture fixture)
{
    public static TheoryData<string> Cases => new([.. PlanMatrix.EdgeCases().Append(PlanMatrix.StateCase()).Select(c => c.ToString())]);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_plan_holds_every_expectation(string name)
    {
        var planCase = PlanMatrix.EdgeCases().Append(PlanMatrix.StateCase()).Single(c => c.ToString() == name);
        var plan = await fixture.Runner.Plan(planCase);

        var faults = PlanExpectations.Check(plan);

        Assert.True(faults.Count == 0, $"{name}:\n  {string.Join("\n  ", faults)}\nplan log:\n{plan.Log}");
    }

    [Fact]
    public async Task Init_selected_the_provider_the_check_asked_for()
    {
        var plan = await fixture.Runner.Plan(PlanMatrix.EdgeCases().First());
        var provider = fixture.Runner.Settings.Provider;
        var synthesized = await fixture.Runner.Synth(PlanMatrix.Default, StackFormat.Json);
        var pinned = (string?)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(synthesized, "stacks", Stacks.Edge, "cdk.tf.json")))!
            ["terraform"]!["required_providers"]!["aws"]!["version"];

        Assert.Equal(provider.MirroredVersion ?? pinned, plan.ProviderVersion);
    }

    [Fact]
    public async Task Each_environment_has_its_own_stack_and_state_key_in_the_same_bucket_and_no_default_stack()
    {
        var synthesized = await fixture.Runner.Synth(PlanMatrix.Environments, StackFormat.Json);
        Assert.Equal(["edge-router-production", "edge-router-staging", "edge-router-state"],
            Directory.GetDirectories(Path.Combine(synthesized, "stacks")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var buckets = new HashSet<string?>();
        foreach (var environment in PlanMatrix.EnvironmentNames)
        {
            var backend = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(synthesized, "stacks", Stacks.EdgeOf(environment), "cdk.tf.json")))!
                ["terraform"]!["backend"]!["s3"]!;
            Assert.Equal($"edge-router/{environment}/edge.tfstate", (string?)backend["key"]);
            Assert.True((bool?)backend["encrypt"] == true && (bool?)backend["use_lockfile"] == true);
            buckets.Add((string?)backend["bucket"]);
        }

        Assert.Single(buckets);
    }

    [Fact]
    public async Task A_six_only_value_is_replaced_on_the_mirrored_provider_and_the_log_says_so()
    {
        var plan = await fixture.Runner.Plan(new PlanCase(PlanMatrix.Default, Stacks.Edge, StackFormat.Json, PlanMatrix.Features));

        if (fixture.Runner.Settings.Provider.MirroredMajor < 6)
        {
            Assert.Contains("minimum_protocol_version = \"TLSv1.3_2025\" planned as \"TLSv1.2_2021\"", plan.Log, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("provider compatibility", plan.Log, StringComparison.Ordinal);
        }
    }
}
