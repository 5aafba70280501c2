using EdgeRouter.Review;

// make review: reads a plan of a stack this app synthesized, prints the changes by construct and the findings of
// RuleSet.All, and exits 0 (nothing blocking), 1 (a blocking finding not acknowledged by ALLOW) or 2 (the input
// cannot be read, or an ALLOW address matches no finding). See README.md beside this file.
try
{
    var options = ReviewOptions.Parse(args);
    var plan = PlanDocument.Load(options.Plan, options.Stack, options.Terraform, options.WorkingDirectory);
    var result = ReviewResult.Run(plan, RuleSet.All, options.Allow);
    Console.Out.Write(options.Format == "markdown" ? MarkdownReport.Render(result) : TextReport.Render(result));
    if (result.ExitCode == 2)
    {
        Console.Error.WriteLine($"review: {result.Verdict}");
    }

    return result.ExitCode;
}
catch (ReviewInputException error)
{
    Console.Error.WriteLine($"review: {error.Message}");
    return 2;
}
catch (Exception error) when (error is InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException or IndexOutOfRangeException)
{
    // JSON of the right outline with a value of the wrong type where terraform writes another (a number for an
    // address, a string for a block): still input the review cannot read, never a stack trace or a pass.
    Console.Error.WriteLine($"review: the plan or the stack has a value of a type terraform and cdktf do not write there ({error.GetType().Name}: {error.Message.Split('\n')[0]})");
    return 2;
}
