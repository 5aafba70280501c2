namespace EdgeRouter.Review;

/// <summary>What a plan does to one resource instance, from its <c>change.actions</c>.</summary>
public enum ChangeKind
{
    /// <summary>["no-op"]: nothing.</summary>
    NoOp,

    /// <summary>["create"].</summary>
    Create,

    /// <summary>["update"]: in place.</summary>
    Update,

    /// <summary>["delete","create"] or ["create","delete"]: destroyed and made again, a new identity.</summary>
    Replace,

    /// <summary>["delete"].</summary>
    Delete,

    /// <summary>["read"]: a data source read during apply (not a change to anything).</summary>
    Read,
}
