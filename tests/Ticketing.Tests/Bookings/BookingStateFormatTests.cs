using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Ticketing.Bookings;
using Ticketing.Payments;

namespace Ticketing.Tests.Bookings;

/// <summary>The booking's stored JSON (the silo's System.Text.Json grain storage serializer) reads back what was written.</summary>
public sealed class BookingStateFormatTests
{
    private static readonly SystemTextJsonGrainStorageSerializer Serializer = new(Options.Create(Ticketing.Silo.Storage.StoredStateJson.CreateOptions()));

    [Fact]
    public void A_booking_awaiting_3D_Secure_keeps_its_payment_action_across_a_reload()
    {
        var state = new BookingState
        {
            Phase = BookingPhase.AwaitingPayment,
            Status = BookingStatus.PendingPayment,
            TransactionId = "pi_123",
            PaymentAction = new PaymentAction("use_stripe_sdk", "pi_123_secret_abc"),
        };

        var read = Serializer.Deserialize<BookingState>(Serializer.Serialize(state))!;

        Assert.Equal(new PaymentAction("use_stripe_sdk", "pi_123_secret_abc"), read.PaymentAction);
        Assert.Equal(BookingPhase.AwaitingPayment, read.Phase);
    }

    [Fact]
    public void A_booking_stored_before_payment_actions_existed_reads_with_none()
    {
        var read = Serializer.Deserialize<BookingState>(BinaryData.FromString("""{"Phase":3,"Status":0,"TransactionId":"pi_old"}"""))!;

        Assert.Null(read.PaymentAction);
        Assert.Equal("pi_old", read.TransactionId);
    }
}
