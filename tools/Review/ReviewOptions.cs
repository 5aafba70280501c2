namespace EdgeRouter.Review;

/// <summary>
/// The command line, as review.mk passes the make variables: <c>--plan FILE</c> (PLAN), <c>--stack FILE</c> (REVIEW_STACK),
/// <c>--format text|markdown</c> (FORMAT), <c>--allow a,b</c> (ALLOW), <c>--terraform EXE</c> (TERRAFORM),
/// <c>--chdir DIR</c> (where a binary plan is shown; default the stack's folder).
/// </summary>
/// <param name="Plan">A saved plan or its terraform show -json. Required.</param>
/// <param name="Stack">The stack's cdk.tf.json. Required.</param>
/// <param name="Format">text (default) or markdown.</param>
/// <param name="Allow">Addresses whose findings are acknowledged; empty entries are ignored.</param>
/// <param name="Terraform">The terraform executable (default terraform on PATH).</param>
/// <param name="WorkingDirectory">Where terraform show runs; null: the stack's folder.</param>
public sealed record ReviewOptions(string Plan, string Stack, string Format, IReadOnlyList<string> Allow, string Terraform, string? WorkingDirectory)
{
    /// <summary>Parses <paramref name="args"/>; a <see cref="ReviewInputException"/> names the bad one.</summary>
    public static ReviewOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["--plan", "--stack", "--format", "--allow", "--terraform", "--chdir"];
        for (var i = 0; i < args.Count; i++)
        {
            if (!known.Contains(args[i]))
            {
                throw new ReviewInputException($"unknown option {args[i]} (use {string.Join(" ", known)})");
            }

            if (i + 1 >= args.Count)
            {
                throw new ReviewInputException($"{args[i]} needs a value");
            }

            values[args[i]] = args[++i];
        }

        var plan = values.GetValueOrDefault("--plan") is { Length: > 0 } p ? p : throw new ReviewInputException("PLAN is empty: give a saved plan or its terraform show -json (make review PLAN=FILE)");
        var stack = values.GetValueOrDefault("--stack") is { Length: > 0 } s ? s : throw new ReviewInputException("REVIEW_STACK is empty: give the stack's cdk.tf.json");
        var format = values.GetValueOrDefault("--format") is { Length: > 0 } f ? f : "text";
        if (format is not ("text" or "markdown"))
        {
            throw new ReviewInputException($"FORMAT is \"{format}\": use text (the default) or markdown");
        }

        var allow = (values.GetValueOrDefault("--allow") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ReviewOptions(plan, stack, format, allow,
            values.GetValueOrDefault("--terraform") is { Length: > 0 } t ? t : "terraform",
            values.GetValueOrDefault("--chdir") is { Length: > 0 } d ? d : null);
    }
}
