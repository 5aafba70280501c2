namespace EdgeRouter.Review;

/// <summary>One check on a plan. Each rule is one file in Rules/, documented there and in README.md's table.</summary>
public interface IReviewRule
{
    /// <summary>A stable ID, <c>RVnnn</c>.</summary>
    string Id { get; }

    /// <summary>What it checks, in a few words (the rules table, the markdown).</summary>
    string Title { get; }

    /// <summary>Every finding in <paramref name="plan"/>.</summary>
    IEnumerable<Finding> Check(PlanDocument plan);
}
