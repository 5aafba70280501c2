namespace EdgeRouter.PlanTests;

/// <summary>The checks that read only the plan's text.</summary>
public sealed class PlanLogTests
{
    [Fact]
    public void A_warning_that_is_not_accepted_fails_the_plan_and_an_accepted_one_does_not()
    {
        var planCase = new PlanCase(PlanMatrix.ExistingApi, Stacks.Edge, StackFormat.Hcl, VariableSet.Example);
        var log = """
            Warning: Value for undeclared variable

            The root module does not declare a variable named "api_origin_path" ...

            Warning: Quoted references are deprecated

              on main.tf line 194, in resource "aws_s3_bucket_policy" "site_policy_D965C715":
            """;
        var plan = new PlannedStack(planCase, new JsonObject(), log, 5, "5.100.0");

        Assert.Equal(["terraform plan warned: Quoted references are deprecated"], PlanExpectations.NoWarningsButTheAcceptedOnes(plan));

        // The default shape, which the example is written for, accepts no warning at all.
        var inDefault = new PlannedStack(planCase with { Shape = PlanMatrix.Default }, new JsonObject(), log, 5, "5.100.0");
        Assert.Equal(["terraform plan warned: Value for undeclared variable", "terraform plan warned: Quoted references are deprecated"],
            PlanExpectations.NoWarningsButTheAcceptedOnes(inDefault));
    }
}
