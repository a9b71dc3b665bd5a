using System.Text.Encodings.Web;
using Orleans.Serialization;

namespace Ticketing.Silo.Storage;

/// <summary>
/// How grain state is written as JSON in PostgreSQL. The default encoder escapes for HTML: every quote inside a string
/// became <c>\u0022</c> and the <c>+</c> of every timestamp <c>\u002B</c>, a quarter of an idempotency record (it keeps
/// the answer's JSON body as a string) and a few percent of the rest, written and compressed on every write. Stored
/// state is never put into a page, so only what JSON itself requires is escaped; records written the old way read
/// the same.
/// </summary>
public static class StoredStateJson
{
    public static void Configure(SystemTextJsonGrainStorageSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.JsonSerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    /// <summary>The options the silo uses, for code that builds its own serializer (tests, tools).</summary>
    public static SystemTextJsonGrainStorageSerializerOptions CreateOptions()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions();
        Configure(options);
        return options;
    }
}
