using System.Collections.Immutable;

namespace Ticketing.Events;

[GenerateSerializer, Immutable, Alias("ticketing.EventSearchPage")]
public sealed record EventSearchPage([property: Id(0)] ImmutableArray<EventCatalogEntry> Items, [property: Id(1)] long Total);
