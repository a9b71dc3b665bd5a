using Microsoft.Extensions.Configuration;
using Ticketing.Silo.Hosting;

namespace Ticketing.Tests.Platform;

public sealed class HostingSettingsTests
{
    private static HostingSettings From(params (string Key, string? Value)[] settings)
        => HostingSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Without_a_connection_string_the_mode_is_embedded()
    {
        var settings = From();
        Assert.Equal(RunMode.Embedded, settings.Mode);
        Assert.Contains("NOTHING IS DURABLE", settings.DurabilityStatement);
    }

    [Fact]
    public void A_connection_string_alone_selects_postgresql_mode()
    {
        var settings = From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t"));
        Assert.Equal(RunMode.PostgreSql, settings.Mode);
        Assert.True(settings.UsesPostgres);
    }

    [Fact]
    public void The_database_connection_prepares_its_frequent_statements_unless_told_otherwise()
    {
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t")).ConnectionString);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal("127.0.0.1", tuned.Host);

        var kept = new Npgsql.NpgsqlConnectionStringBuilder(From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t;Max Auto Prepare=0")).ConnectionString);
        Assert.Equal(0, kept.MaxAutoPrepare);
    }

    [Fact]
    public void Pooled_connections_skip_the_session_reset_unless_told_otherwise()
    {
        Assert.True(new Npgsql.NpgsqlConnectionStringBuilder(From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t")).ConnectionString).NoResetOnClose);
        Assert.False(new Npgsql.NpgsqlConnectionStringBuilder(From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t;No Reset On Close=false")).ConnectionString).NoResetOnClose);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("Client")]
    public void Postgres_modes_without_a_connection_string_are_refused_with_one_line(string mode)
    {
        var ex = Assert.Throws<HostingConfigurationException>(() => From(("Ticketing:Hosting:Mode", mode)));
        Assert.Contains("ConnectionStrings:Ticketing", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Another_ado_net_invariant_is_refused()
    {
        var ex = Assert.Throws<HostingConfigurationException>(() => From(
            ("ConnectionStrings:Ticketing", "Host=127.0.0.1"), ("Ticketing:Hosting:DatabaseInvariant", "System.Data.SqlClient")));
        Assert.Contains("Npgsql", ex.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused()
    {
        var ex = Assert.Throws<HostingConfigurationException>(() => From(("ConnectionStrings:Ticketing", "this is not=a;valid;;connection=string;Port=notanumber")));
        Assert.Contains("ConnectionStrings:Ticketing", ex.Message);
    }

    [Fact]
    public void A_silo_process_cannot_run_in_client_mode()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ticketing:Hosting:Mode"] = "Client",
            ["ConnectionStrings:Ticketing"] = "Host=127.0.0.1",
        }).Build();
        Assert.Throws<HostingConfigurationException>(() => HostingSettings.From(configuration, isSiloProcess: true));
    }

    [Fact]
    public void Write_batches_default_to_64_writes_and_8_in_flight_and_can_be_set()
    {
        var defaults = From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t")).Options;
        Assert.Equal((64, 8), (defaults.WriteBatchSize, defaults.WriteBatchesInFlight));
        var set = From(("ConnectionStrings:Ticketing", "Host=127.0.0.1;Database=t"), ("Ticketing:Hosting:WriteBatchSize", "1"), ("Ticketing:Hosting:WriteBatchesInFlight", "32")).Options;
        Assert.Equal((1, 32), (set.WriteBatchSize, set.WriteBatchesInFlight));
    }

    [Theory]
    [InlineData("Ticketing:Hosting:SiloPort", "70000")]
    [InlineData("Ticketing:Hosting:AdvertisedIp", "not-an-ip")]
    [InlineData("Ticketing:Hosting:ClusterId", " ")]
    [InlineData("Ticketing:Hosting:WriteBatchSize", "0")]
    [InlineData("Ticketing:Hosting:WriteBatchSize", "1001")]
    [InlineData("Ticketing:Hosting:WriteBatchesInFlight", "0")]
    [InlineData("Ticketing:Hosting:WriteBatchesInFlight", "65")]
    public void Out_of_range_hosting_values_are_refused(string key, string value)
        => Assert.Throws<HostingConfigurationException>(() => From((key, value)));
}
