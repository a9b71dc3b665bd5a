namespace Ticketing.Payments.Mock;

/// <summary>The mock provider's deterministic test tokens (SPEC section 9).</summary>
public static class MockTokens
{
    public const string Success = "tok_success";
    public const string Decline = "tok_decline";
    public const string Error = "tok_error";
    public const string Timeout = "tok_timeout";
    public const string Async = "tok_async";
}
