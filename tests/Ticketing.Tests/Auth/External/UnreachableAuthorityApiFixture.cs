using System.Globalization;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth.External;

/// <summary>The API configured with an external authority on a loopback port where nothing listens (a provider that is down).</summary>
public sealed class UnreachableAuthorityApiFixture : ApiFixture
{
    public static readonly string Authority = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/idp";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Jwt:Authority", Authority),
    ];
}

[CollectionDefinition(Name)]
public sealed class UnreachableAuthorityApiCollection : ICollectionFixture<UnreachableAuthorityApiFixture>
{
    public const string Name = "unreachable authority api";
}
