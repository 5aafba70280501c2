using EdgeRouter.Webfinger.Requests;
using Xunit;

namespace EdgeRouter.Webfinger.Tests;

public class QueryStringTests
{
    private static string Parse(string raw)
    {
        Assert.True(QueryString.TryParse(raw, out var pairs, out var error), error);
        return string.Join(" | ", pairs.Select(p => p.Key + "=" + p.Value));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a=1", "a=1")]
    [InlineData("a=1&a=2&&b", "a=1 | a=2 | b=")]
    [InlineData("&&a=&", "a=")]
    [InlineData("a=b=c", "a=b=c")]
    [InlineData("r=acct%3Aalice%40example.com", "r=acct:alice@example.com")]
    [InlineData("r=a+b%2Bc%20d", "r=a+b+c d")] // RFC 3986, not a form: a raw + is a plus
    [InlineData("r=%c3%a9%E2%82%AC", "r=é€")]
    [InlineData("r%65l=x", "rel=x")]
    [InlineData("rel=self,other", "rel=self,other")]
    public void Decodes_in_order_keeping_repeats(string raw, string expected) => Assert.Equal(expected, Parse(raw));

    [Theory]
    [InlineData("a=%")]
    [InlineData("a=%2")]
    [InlineData("a=%G0")]
    [InlineData("a=%0G")]
    [InlineData("%=1")]
    [InlineData("a=%80")]
    [InlineData("a=%C0%AF")] // overlong '/'
    [InlineData("a=%F4%90%80%80")] // above U+10FFFF
    [InlineData("a=%ED%B0%80")] // lone surrogate
    [InlineData("a=b c")]
    [InlineData("a=\u00e9")]
    [InlineData("a=\t")]
    [InlineData("a=\u007f")]
    [InlineData("a=#")]
    public void Rejects_bad_input(string raw) => Assert.False(QueryString.TryParse(raw, out _, out _));

    [Fact]
    public void Rejects_over_the_length_limit()
    {
        Assert.True(QueryString.TryParse(new string('a', QueryString.MaxLength), out _, out _));
        Assert.False(QueryString.TryParse(new string('a', QueryString.MaxLength + 1), out _, out var error));
        Assert.Equal("query string longer than 4096 characters", error);
    }

    [Fact]
    public void Long_escaped_values_decode_beyond_the_stack_buffer()
    {
        var value = string.Concat(Enumerable.Repeat("%C3%A9", 600));
        Assert.Equal("a=" + new string('é', 600), Parse("a=" + value));
    }

    [Theory]
    [InlineData("acct:alice@example.com", "acct%3Aalice%40example.com")]
    [InlineData("a b+c/é~_.-", "a%20b%2Bc%2F%C3%A9~_.-")]
    public void Encodes_rfc3986_style(string value, string expected) => Assert.Equal(expected, QueryString.Encode(value));

    [Fact]
    public void Encodes_a_lone_surrogate_as_the_replacement_character() =>
        Assert.Equal("%EF%BF%BD", QueryString.Encode("\ud800"));
}
