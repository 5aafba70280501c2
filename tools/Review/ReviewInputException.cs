namespace EdgeRouter.Review;

/// <summary>Input the review cannot read (not a plan, truncated JSON, a plan of another stack, a bad option): exit 2, one line.</summary>
public sealed class ReviewInputException(string message) : Exception(message);
