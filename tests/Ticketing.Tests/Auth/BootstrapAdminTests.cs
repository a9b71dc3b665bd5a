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
    public async Task Bootstrapping_an_existing_customer_who_knows_the_bootstrap_password_promotes_it()
    {
        var (id, email) = await AuthClient.RegisterNewAsync(_client);

        await RunBootstrapAsync(email, AuthClient.Password);
        await RunBootstrapAsync(email, AuthClient.Password);

        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
        Assert.Equal(["admin", "customer"], (await AuthClient.RolesOfMeAsync(signedIn)).Order());
        var user = await api.ClusterClient.GetGrain<IUserGrain>(id).GetAsync();
        Assert.Equal(["admin", "customer"], user!.Roles.Order());
    }

    [Fact]
    public async Task An_account_registered_under_the_admin_address_with_another_password_is_not_promoted()
    {
        // Registration is open and addresses are not verified: whoever registered the address first, before the
        // bootstrap could create it, must not become admin by the operator's restart (before: promoted, own password kept).
        var (id, email) = await AuthClient.RegisterNewAsync(_client);

        await RunBootstrapAsync(email, "the operator's own password");

        var user = await api.ClusterClient.GetGrain<IUserGrain>(id).GetAsync();
        Assert.Equal(["customer"], user!.Roles.Order());
        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
        Assert.Equal(["customer"], (await AuthClient.RolesOfMeAsync(signedIn)).Order());
    }

    private async Task RunBootstrapAsync(string email, string password)
    {
        var service = new AdminBootstrapService(
            new BootstrapOptions { AdminEmail = email, AdminPassword = password },
            api.Services.GetRequiredService<UserAccounts>(),
            api.Services.GetRequiredService<PasswordHashing>(),
            api.ClusterClient,
            api.Services.GetRequiredService<IHostApplicationLifetime>(),
            NullLogger<AdminBootstrapService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await service.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);
    }
}
