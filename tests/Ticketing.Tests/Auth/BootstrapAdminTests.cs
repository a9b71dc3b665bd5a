using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Ticketing.Api.Auth;
using Ticketing.Api.Users;
using Ticketing.Users;

namespace Ticketing.Tests.Auth;

[Collection(AuthApiCollection.Name)]
public sealed class BootstrapAdminTests(AuthApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_configured_admin_can_sign_in_with_the_admin_role()
    {
        await api.Services.GetRequiredService<AdminBootstrapService>().Completion.WaitAsync(TimeSpan.FromSeconds(30));

        using var admin = await AuthClient.SignedInAsync(api.BaseAddress, AuthApiFixture.AdminEmail, AuthApiFixture.AdminPassword);

        Assert.Equal(["admin", "customer"], (await AuthClient.RolesOfMeAsync(admin)).Order());
        var register = await AuthClient.RegisterAsync(_client, AuthApiFixture.AdminEmail.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Conflict, register.StatusCode);
    }

    [Fact]
    public async Task Bootstrapping_an_existing_customer_promotes_it_and_keeps_its_password()
    {
        var (id, email) = await AuthClient.RegisterNewAsync(_client);

        await RunBootstrapAsync(email, "a different password");
        await RunBootstrapAsync(email, "a different password");

        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
        Assert.Equal(["admin", "customer"], (await AuthClient.RolesOfMeAsync(signedIn)).Order());
        var user = await api.ClusterClient.GetGrain<IUserGrain>(id).GetAsync();
        Assert.Equal(["admin", "customer"], user!.Roles.Order());
    }

    private async Task RunBootstrapAsync(string email, string password)
    {
        var service = new AdminBootstrapService(
            new BootstrapOptions { AdminEmail = email, AdminPassword = password },
            api.Services.GetRequiredService<UserAccounts>(),
            api.ClusterClient,
            api.Services.GetRequiredService<IHostApplicationLifetime>(),
            NullLogger<AdminBootstrapService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await service.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);
    }
}
