using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ticketing.Bench;

/// <summary>
/// Sets up one event and many buyers through the API, then lets <see cref="BenchOptions.Concurrency"/> clients
/// race for overlapping seats until the duration is over: hold 1-4 seats (explicit, best available or GA),
/// then confirm with the mock provider (some declined, some cancelled, some abandoned to expire).
/// </summary>
public sealed class FlashSale(BenchOptions options, ApiClient setupApi, ApiClient loadApi, TextWriter log)
{
    private const int SeatsPerRow = 50;
    private const string BuyerPassword = "bench-password-123";

    /// <summary>Asks for a confirmation with an unknown outcome up to this many times, about a minute in all.</summary>
    private const int ConfirmAttempts = 15;

    private readonly Stopwatch _clock = new();

    public async Task<SaleModel> SetUpAsync()
    {
        var startedAt = DateTimeOffset.UtcNow;
        var admin = await setupApi.SendAsync("setup", HttpMethod.Post, "/auth/login", new { email = options.AdminEmail, password = options.AdminPassword });
        var adminToken = admin.Body?["accessToken"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"admin login failed ({admin.Status} {admin.Code}): is the bootstrap admin configured?");

        var rows = options.Seats / SeatsPerRow;
        var sections = Math.Min(4, rows);
        var rowIds = new List<(string Section, string Row, string Category)>();
        var sectionDefs = new List<object>();
        for (var s = 0; s < sections; s++)
        {
            var rowDefs = new List<object>();
            for (var r = s; r < rows; r += sections)
            {
                var category = r < rows * 3 / 10 ? "FRONT" : "BACK";
                var rowId = $"R{r / sections + 1}";
                rowIds.Add(($"S{s + 1}", rowId, category));
                rowDefs.Add(new { id = rowId, seats = SeatsPerRow, categoryId = category });
            }

            sectionDefs.Add(new { id = $"S{s + 1}", name = $"Section {s + 1}", rows = rowDefs });
        }

        var definition = new
        {
            name = $"Bench flash sale {DateTime.UtcNow:yyyyMMddHHmmss}",
            description = "A flash sale driven by Ticketing.Bench",
            venue = "Bench Arena",
            city = "Benchville",
            startsAt = DateTimeOffset.UtcNow.AddDays(30),
            timeZone = "Europe/London",
            currency = "GBP",
            holdTtlSeconds = options.HoldTtlSeconds,
            maxSeatsPerReservation = 10,
            categories = new object[] { new { id = "FRONT", name = "Front", price = 9000 }, new { id = "BACK", name = "Back", price = 5000 } },
            sections = sectionDefs,
            generalAdmission = options.GeneralAdmissionCapacity > 0
                ? new object[] { new { id = "FLOOR", name = "Standing", price = 3000, capacity = options.GeneralAdmissionCapacity } }
                : [],
        };
        var created = await setupApi.SendAsync("setup", HttpMethod.Post, "/events", definition, adminToken);
        var eventId = created.Body?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"create event failed: {created.Status} {created.Code} {created.Body}");
        var published = await setupApi.SendAsync("setup", HttpMethod.Post, $"/events/{eventId}/publish", null, adminToken);
        if (!published.Ok)
        {
            throw new InvalidOperationException($"publish failed: {published.Status} {published.Code} {published.Body}");
        }

        var buyers = await RegisterBuyersAsync();
        return new SaleModel
        {
            EventId = eventId,
            StartedAt = startedAt,
            Rows = rows,
            RowIds = rowIds,
            GeneralAdmissionId = "FLOOR",
            AdminToken = adminToken,
            Buyers = buyers,
            Capacity = options.Seats + options.GeneralAdmissionCapacity,
        };
    }

    private async Task<IReadOnlyList<Buyer>> RegisterBuyersAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var buyers = new Buyer[options.Buyers];
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Buyers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var email = $"buyer-{run}-{i}@bench.test";
            var registered = await setupApi.SendAsync("register", HttpMethod.Post, "/auth/register", new { email, password = BuyerPassword, displayName = $"Buyer {i}" });
            var id = registered.Body?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"register failed: {registered.Status} {registered.Code}");
            var login = await setupApi.SendAsync("login", HttpMethod.Post, "/auth/login", new { email, password = BuyerPassword });
            var token = login.Body?["accessToken"]?.GetValue<string>() ?? throw new InvalidOperationException($"login failed: {login.Status} {login.Code}");
            buyers[i] = new Buyer(id, email, token);
        });
        await log.WriteLineAsync($"registered {options.Buyers} buyers in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return buyers;
    }

    public async Task RunAsync(SaleModel sale)
    {
        _clock.Restart();
        var deadline = DateTime.UtcNow + options.Duration;
        using var stopWatching = new CancellationTokenSource();
        var watcher = new SeatMapWatcher(setupApi.Http, sale.EventId);
        var watching = watcher.RunAsync(stopWatching.Token);
        var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(options.Seed * 7919 + w);
            while (!IsOver(deadline))
            {
                await OneBuyerTurnAsync(sale, watcher, random);
            }
        })).ToList();
        await Task.WhenAll(workers);
        await stopWatching.CancelAsync();
        await watching;
    }

    /// <summary>
    /// After the duration, and (fault tests) once the faults are done: the check must read a cluster that is whole
    /// again, not race a restart still in progress.
    /// </summary>
    private bool IsOver(DateTime deadline)
        => DateTime.UtcNow >= deadline
           && (options.RunUntilFile is not { } file || File.Exists(file) || DateTime.UtcNow >= deadline + TimeSpan.FromMinutes(10));

    private static readonly Dictionary<string, string> AcceptGzip = new() { ["Accept-Encoding"] = "gzip" };

    private async Task OneBuyerTurnAsync(SaleModel sale, SeatMapWatcher watcher, Random random)
    {
        var buyer = sale.Buyers[random.Next(sale.Buyers.Count)];
        var dice = random.NextDouble();
        if (dice < 0.05)
        {
            // Asked for compressed, as every browser asks, and drained as sent: the decompression is the client's CPU, on
            // the client's machine, not the two cores this generator shares with the server (a 50,000-seat map is 3 MB
            // as JSON, about 150 KB as gzip, which the server compresses once per version).
            var map = await loadApi.SendAsync("seatmap", HttpMethod.Get, $"/events/{sale.EventId}/seats", headers: AcceptGzip, readBody: false);
            if (map.Ok)
            {
                Interlocked.Increment(ref sale.SeatMapReads);
            }

            return;
        }

        var quantity = 1 + random.Next(4);
        object request;
        var kind = random.NextDouble();
        if (kind < 0.75 || options.GeneralAdmissionCapacity == 0 && kind < 0.90)
        {
            request = new { eventId = sale.EventId, seatIds = PickSeats(sale, watcher.Free, quantity, random) };
        }
        else if (kind < 0.90)
        {
            request = new { eventId = sale.EventId, categoryId = random.NextDouble() < 0.5 ? "FRONT" : "BACK", quantity };
        }
        else
        {
            request = new { eventId = sale.EventId, categoryId = sale.GeneralAdmissionId, quantity };
        }

        var hold = await loadApi.SendAsync("hold", HttpMethod.Post, "/reservations", request, buyer.Token);
        if (hold.Status != 201)
        {
            return;
        }

        Interlocked.Increment(ref sale.HoldsSucceeded);
        var reservationId = hold.Body!["id"]!.GetValue<string>();
        sale.Held.Add(new AcknowledgedHold(reservationId, buyer.Token,
            hold.Body["seatIds"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [],
            hold.Body["quantity"]?.GetValue<int>() ?? 0));
        var next = random.NextDouble();
        if (next < 0.78)
        {
            await ConfirmAsync(sale, buyer, reservationId, "tok_success");
        }
        else if (next < 0.86)
        {
            var declined = await ConfirmAsync(sale, buyer, reservationId, "tok_decline");
            if (declined.Status == 402 && random.NextDouble() < 0.5)
            {
                await ConfirmAsync(sale, buyer, reservationId, "tok_success");
            }
        }
        else if (next < 0.93)
        {
            await loadApi.SendAsync("cancel", HttpMethod.Delete, $"/reservations/{reservationId}", null, buyer.Token);
        }

        // else: abandoned; the hold must expire by itself.
    }

    /// <summary>
    /// Seats a buyer picks on the map it was shown: adjacent free seats in one row, 70% of the time in the front tenth
    /// of the rows that still have free seats (overlap on purpose: everyone wants the front). Before the first map
    /// arrives, and once it shows nothing free, buyers ask for seats at random.
    /// </summary>
    private static string[] PickSeats(SaleModel sale, IReadOnlyList<SeatMapWatcher.FreeRow> free, int quantity, Random random)
    {
        if (free.Count == 0)
        {
            var rowIndex = random.NextDouble() < 0.7 ? random.Next(Math.Max(1, sale.Rows / 10)) : random.Next(sale.Rows);
            var (section, row, _) = sale.RowIds[rowIndex];
            var first = 1 + random.Next(SeatsPerRow - quantity + 1);
            return [.. Enumerable.Range(first, quantity).Select(n => $"{section}-{row}-{n}")];
        }

        var chosen = free[random.NextDouble() < 0.7 ? random.Next(Math.Max(1, free.Count / 10)) : random.Next(free.Count)];
        var start = random.Next(chosen.Numbers.Length);
        var seats = new List<string>(quantity) { $"{chosen.Section}-{chosen.Row}-{chosen.Numbers[start]}" };
        for (var i = start + 1; i < chosen.Numbers.Length && seats.Count < quantity && chosen.Numbers[i] == chosen.Numbers[i - 1] + 1; i++)
        {
            seats.Add($"{chosen.Section}-{chosen.Row}-{chosen.Numbers[i]}");
        }

        return [.. seats];
    }

    /// <summary>
    /// Confirms as a box-office app does: when the answer leaves the outcome unknown (no answer, a 5xx, or the same
    /// key still running), it asks again with the same Idempotency-Key, which resumes the booking wherever it stopped
    /// and never charges twice. Without this a sale cut by a crash would leave bookings for their backstop reminder,
    /// which may tick only a minute later.
    /// </summary>
    private async Task<ApiClient.Response> ConfirmAsync(SaleModel sale, Buyer buyer, string reservationId, string token)
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") };
        ApiClient.Response response;
        for (var attempt = 1; ; attempt++)
        {
            response = await loadApi.SendAsync("confirm", HttpMethod.Post, "/bookings/confirm",
                new { reservationId, paymentMethod = "mock", paymentToken = token }, buyer.Token, headers);
            var unknown = response.Status is 0 or >= 500 || response.Code == "idempotency_in_flight";
            if (!unknown || attempt == ConfirmAttempts)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
        }
        if (response.Ok && response.Body?["id"] is { } id)
        {
            sale.Booked.Add(new AcknowledgedBooking(id.GetValue<string>(), buyer.Token, response.Body["status"]?.GetValue<string>() ?? ""));
        }

        if (response.Status == 201 && response.Body is JsonObject body)
        {
            Interlocked.Increment(ref sale.BookingsConfirmed);
            var seats = body["seatIds"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];
            sale.Confirmed.Add(new ConfirmedBooking(body["id"]!.GetValue<string>(), buyer.Id, seats, body["amount"]?.GetValue<long>() ?? 0));
            sale.RecordConfirmed(seats.Count > 0 ? seats.Count : body["quantity"]?.GetValue<int>() ?? 0, _clock.Elapsed);
        }

        return response;
    }
}
