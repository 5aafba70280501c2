namespace EdgeRouter.Webfinger.Events;

/// <summary>The Lambda event shapes the router understands.</summary>
public enum EventFormat
{
    /// <summary>API Gateway HTTP API payload format 2.0; Lambda function URLs send the same shape.</summary>
    HttpApiV2,

    /// <summary>API Gateway REST API proxy integration (payload format 1.0).</summary>
    RestApiV1,
}

/// <summary>Log names of <see cref="EventFormat"/>.</summary>
public static class EventFormatNames
{
    /// <summary>The name written to the log.</summary>
    public static string ToLogName(this EventFormat format) => format == EventFormat.HttpApiV2 ? "2.0" : "1.0";
}
