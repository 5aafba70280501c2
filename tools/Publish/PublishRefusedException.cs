namespace EdgeRouter.Publish;

/// <summary>Bad input found before anything was changed: the message says what to give instead.</summary>
internal sealed class PublishRefusedException(string message) : Exception(message);
