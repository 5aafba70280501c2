using System.Text;
using EdgeRouter.Bootstrap;
using EdgeRouter.LocalRuntimeApi;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Events;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>The handler the managed dotnet10 runtime calls. It reads WEBFINGER_CONFIG from this process's
/// environment, so these tests run one at a time.</summary>
[Collection(nameof(ManagedHandlerTests))]
[CollectionDefinition(nameof(ManagedHandlerTests), DisableParallelization = true)]
public class ManagedHandlerTests
{
    private static T WithConfig<T>(string? config, Func<T> body)
    {
        var old = Environment.GetEnvironmentVariable(ConfigParser.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ConfigParser.EnvironmentVariable, config);
        try
        {
            return body();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConfigParser.EnvironmentVariable, old);
        }
    }

    [Fact]
    public void Stream_in_stream_out()
    {
        var handler = WithConfig(TestConfig.Json, () => new ManagedHandler());
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", "resource=acct:alice@example.com")));
        using var outputStream = handler.Handle(input);
        var result = ProxyResult.Parse(new StreamReader(outputStream).ReadToEnd());
        Assert.Equal(301, result.StatusCode);
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com", result.Headers["Location"]);
    }

    [Fact]
    public void A_config_that_is_not_an_object_fails_the_constructor_so_the_runtime_reports_an_init_error()
    {
        var e = Assert.Throws<ConfigException>(() => WithConfig("""{"domain":"example.com",""", () => new ManagedHandler()));
        Assert.Equal("WEBFINGER_CONFIG", e.Field);
        // A section's problem is not fatal: the handler is made, the section is off.
        var handler = WithConfig("""{"domain":"example.com","oidc":{"issuer":"ftp://x"}}""", () => new ManagedHandler());
        Assert.NotNull(handler);
    }

    [Fact]
    public void Invalid_events_throw()
    {
        var handler = WithConfig(TestConfig.Json, () => new ManagedHandler());
        Assert.Throws<InvalidEventException>(() => handler.Handle(new MemoryStream("[]"u8.ToArray())));
    }
}
