namespace Ticketing.Reservations;

/// <summary>What became of a reservation record whose write failed (see ReservationGrain.OutcomeOfFailedRecordAsync).</summary>
internal enum RecordOutcome
{
    /// <summary>Not stored, and now it cannot be: an empty record holds its place.</summary>
    NotStored,

    /// <summary>Stored: only the write's answer was lost.</summary>
    Stored,

    /// <summary>Storage could not be asked, or holds another record under this id: it may or may not be stored.</summary>
    Unknown,
}
