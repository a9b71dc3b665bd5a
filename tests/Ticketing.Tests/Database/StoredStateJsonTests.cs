using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Ticketing.Reservations;

namespace Ticketing.Tests.Database;

/// <summary>
/// Every grain state is stored in PostgreSQL as the silo's storage JSON. Embedded mode keeps copies instead of JSON,
/// so this is where a state that would not survive the JSON round trip (a property without a setter, a type JSON
/// cannot build, a value dropped on the way) is caught: each state type is filled with values other than its
/// defaults, stored as JSON, read back, and compared member by member.
/// </summary>
public sealed class StoredStateJsonTests
{
    private static readonly IGrainStorageSerializer Serializer =
        new SystemTextJsonGrainStorageSerializer(Options.Create(Ticketing.Silo.Storage.StoredStateJson.CreateOptions()));

    public static TheoryData<string> StateTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in PersistedStateTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void The_grains_assembly_has_the_state_types_this_test_covers()
    {
        var names = PersistedStateTypes().Select(t => t.Name).ToHashSet();

        Assert.Contains(nameof(ReservationState), names);
        Assert.Contains("SeatRowState", names);
        Assert.Contains("BookingState", names);
        Assert.True(names.Count >= 14, $"found only {names.Count} state types: {string.Join(", ", names)}");
    }

    [Fact]
    public void Stored_json_escapes_only_what_json_requires_and_reads_records_written_the_old_way()
    {
        var state = new Ticketing.Idempotency.IdempotencyState
        {
            ResponseBody = """{"id":"b1","name":"Zoë <VIP> & co"}""",
            CreatedAt = new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.FromHours(1)),
        };

        var json = Serializer.Serialize(state).ToString();

        Assert.Contains("""{\"id\":\"b1\",\"name\":\"Zoë <VIP> & co\"}""", json);
        Assert.Contains("+01:00", json);
        Assert.DoesNotContain(@"\u00", json);
        var old = """{"ResponseBody":"{\u0022id\u0022:\u0022b1\u0022}","CreatedAt":"2026-12-02T07:00:00\u002B01:00"}""";
        var read = Serializer.Deserialize<Ticketing.Idempotency.IdempotencyState>(new BinaryData(old))!;
        Assert.Equal("""{"id":"b1"}""", read.ResponseBody);
        Assert.Equal(state.CreatedAt, read.CreatedAt);
    }

    [Theory]
    [MemberData(nameof(StateTypes))]
    public void A_state_read_back_from_its_stored_json_equals_what_was_written(string typeName)
    {
        var type = PersistedStateTypes().Single(t => t.FullName == typeName);
        var written = new Filler().Create(type, depth: 0)!;

        var json = Serializer.Serialize(written);
        var read = typeof(IGrainStorageSerializer).GetMethod(nameof(IGrainStorageSerializer.Deserialize))!
            .MakeGenericMethod(type).Invoke(Serializer, [json]);

        var differences = new List<string>();
        Compare(type.Name, written, read, differences);
        Assert.True(differences.Count == 0, $"{type.Name} changed on its way through JSON ({json}):\n{string.Join('\n', differences)}");
    }

    // A buyer's hold index became immutable (so embedded storage stops copying it): what PostgreSQL already holds,
    // written when it was a list of mutable entries, must read back, and it is written in the same shape.
    [Fact]
    public void A_buyers_hold_index_stored_before_it_became_immutable_reads_back_and_is_written_the_same_way()
    {
        const string stored = """{"Entries":[{"id":"r2","ev":"e1","exp":"2026-12-02T10:00:00+00:00","end":false},{"id":"r1","ev":"e1","exp":"2026-12-02T09:00:00+00:00","end":true}]}""";

        var read = Serializer.Deserialize<UserReservationsState>(BinaryData.FromString(stored));

        Assert.NotNull(read);
        Assert.Equal(["r2", "r1"], read.Entries.Select(e => e.ReservationId));
        Assert.Equal(new UserReservationEntry { ReservationId = "r1", EventId = "e1", ExpiresAt = DateTimeOffset.Parse("2026-12-02T09:00:00+00:00"), Ended = true }, read.Entries[1]);
        Assert.Equal(
            System.Text.Json.Nodes.JsonNode.Parse(stored)!.ToJsonString(),
            System.Text.Json.Nodes.JsonNode.Parse(Serializer.Serialize(read).ToString())!.ToJsonString());
    }

    /// <summary>The T of every IPersistentState&lt;T&gt; a grain of the product asks for, and of every LazyGrainState&lt;T&gt; it keeps.</summary>
    private static IEnumerable<Type> PersistedStateTypes()
    {
        var types = typeof(ReservationGrain).Assembly.GetTypes();
        var injected = types
            .SelectMany(t => t.GetConstructors())
            .SelectMany(c => c.GetParameters())
            .Where(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "PersistentStateAttribute"))
            .Select(p => p.ParameterType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IPersistentState<>));
        var lazy = types
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            .Select(f => f.FieldType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Ticketing.Common.LazyGrainState<>));
        return injected.Concat(lazy)
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => !t.IsGenericParameter)
            .Distinct()
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    private static void Compare(string path, object? expected, object? actual, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: {expected ?? "null"} became {actual ?? "null"}");
            }

            return;
        }

        var type = expected.GetType();
        if (IsScalar(type))
        {
            if (!expected.Equals(actual))
            {
                differences.Add($"{path}: {expected} became {actual}");
            }

            return;
        }

        if (expected is IEnumerable items)
        {
            var left = items.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                differences.Add($"{path}: {left.Count} items became {right.Count}");
                return;
            }

            for (var i = 0; i < left.Count; i++)
            {
                Compare($"{path}[{i}]", left[i], right[i], differences);
            }

            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            if (property.Name == "EqualityContract")
            {
                continue;
            }

            Compare($"{path}.{property.Name}", property.GetValue(expected), property.GetValue(actual), differences);
        }
    }

    private static bool IsScalar(Type type)
        => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTimeOffset)
            || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(DateOnly);

    /// <summary>Builds an instance with a value other than the default in every member it can reach.</summary>
    private sealed class Filler
    {
        private const int MaxDepth = 6;
        private int _counter;

        public object? Create(Type type, int depth)
        {
            var n = ++_counter;
            if (Nullable.GetUnderlyingType(type) is { } inner)
            {
                return Create(inner, depth);
            }

            if (type == typeof(string))
            {
                return $"text-{n}";
            }

            if (type == typeof(bool))
            {
                return true;
            }

            if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(decimal) || type == typeof(double))
            {
                return Convert.ChangeType(n + 1, type, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (type.IsEnum)
            {
                var values = Enum.GetValues(type);
                return values.GetValue(values.Length - 1);
            }

            if (type == typeof(DateTimeOffset))
            {
                return new DateTimeOffset(2027, 3, 4, 5, 6, 7, TimeSpan.Zero).AddMinutes(n);
            }

            if (type == typeof(DateTime))
            {
                return new DateTime(2027, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddMinutes(n);
            }

            if (type == typeof(TimeSpan))
            {
                return TimeSpan.FromSeconds(n);
            }

            if (type == typeof(Guid))
            {
                return Guid.NewGuid();
            }

            if (depth > MaxDepth)
            {
                return null;
            }

            if (type.IsArray)
            {
                var array = Array.CreateInstance(type.GetElementType()!, 2);
                array.SetValue(Create(type.GetElementType()!, depth + 1), 0);
                array.SetValue(Create(type.GetElementType()!, depth + 1), 1);
                return array;
            }

            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                var args = type.GetGenericArguments();
                if (definition == typeof(List<>) || definition == typeof(HashSet<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>))
                {
                    var list = Activator.CreateInstance(definition == typeof(HashSet<>) ? type : typeof(List<>).MakeGenericType(args))!;
                    var add = list.GetType().GetMethod("Add")!;
                    add.Invoke(list, [Create(args[0], depth + 1)]);
                    add.Invoke(list, [Create(args[0], depth + 1)]);
                    return list;
                }

                if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                {
                    var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                    dictionary[Create(args[0], depth + 1)!] = Create(args[1], depth + 1);
                    dictionary[Create(args[0], depth + 1)!] = Create(args[1], depth + 1);
                    return dictionary;
                }

                if (definition == typeof(ImmutableArray<>))
                {
                    var items = Array.CreateInstance(args[0], 2);
                    items.SetValue(Create(args[0], depth + 1), 0);
                    items.SetValue(Create(args[0], depth + 1), 1);
                    return typeof(ImmutableArray).GetMethods()
                        .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                        .MakeGenericMethod(args[0]).Invoke(null, [items]);
                }

                if (definition == typeof(ImmutableDictionary<,>))
                {
                    var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                    dictionary[Create(args[0], depth + 1)!] = Create(args[1], depth + 1);
                    return typeof(ImmutableDictionary).GetMethods()
                        .Single(m => m.Name == nameof(ImmutableDictionary.ToImmutableDictionary) && m.GetParameters().Length == 1
                            && m.GetParameters()[0].ParameterType.IsGenericType
                            && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                        .MakeGenericMethod(args).Invoke(null, [dictionary]);
                }
            }

            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new InvalidOperationException($"{type} has no public constructor");
            var instance = constructor.Invoke([.. constructor.GetParameters().Select(p => Create(p.ParameterType, depth + 1))]);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                property.SetValue(instance, Create(property.PropertyType, depth + 1));
            }

            return instance;
        }
    }
}
