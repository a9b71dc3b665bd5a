using Ticketing.Api.Auth;

namespace Ticketing.Api.Users;

public static class IdentityApiExtensions
{
    /// <summary>Accounts, sign-in, roles and the bootstrap admin.</summary>
    public static IServiceCollection AddIdentityApi(this IServiceCollection services, IConfiguration configuration)
    {
        var lockout = new LockoutOptions();
        configuration.GetSection(LockoutOptions.SectionName).Bind(lockout);
        if (lockout.MaxFailures < 1 || lockout.Minutes <= 0)
        {
            throw new Silo.Hosting.HostingConfigurationException("Auth:Lockout needs MaxFailures >= 1 and Minutes > 0.");
        }

        var bootstrap = new BootstrapOptions();
        configuration.GetSection(BootstrapOptions.SectionName).Bind(bootstrap);
        services.AddSingleton(lockout);
        services.AddSingleton(bootstrap);
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<AdminBootstrapService>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminBootstrapService>());
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
        => endpoints.MapAuthEndpoints().MapUserEndpoints();
}
