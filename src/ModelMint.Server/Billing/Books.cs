using ModelMint.Data;
using ModelMint.Data.Billing;

namespace ModelMint.Server.Billing;

/// <summary>The ledger's books and sides; every money movement is one debit and one credit of the same amount.</summary>
public static class Books
{
    /// <summary>An organisation's prepaid balance: credited by grants, codes and payments, debited by usage.</summary>
    public const string Wallet = "wallet";

    /// <summary>What a provider has earned from calls to its models.</summary>
    public const string ProviderEarnings = "provider-earnings";

    /// <summary>Where granted and redeemed credit comes from (the platform's promotional budget).</summary>
    public const string Grants = "grants";

    /// <summary>
    /// An organisation's money set aside for outcome-priced predictions awaiting feedback: credited from its wallet at
    /// call time, debited to the provider's earnings (billed) or back to the wallet (free) when each is resolved.
    /// </summary>
    public const string Held = "held";

    /// <summary>The platform's revenue from subscription plans (fees and overage) on finalized invoices.</summary>
    public const string Subscriptions = "subscriptions";

    /// <summary>The platform's fee taken from provider earnings when a statement is written.</summary>
    public const string PlatformFees = "platform-fees";

    /// <summary>What an organisation owes on finalized invoices beyond its prepaid balance.</summary>
    public const string Receivable = "receivable";

    /// <summary>Money an organisation paid from outside the platform (an invoice payment).</summary>
    public const string Payments = "payments";

    public const string Debit = "debit";
    public const string Credit = "credit";

    /// <summary>The account id of the platform's own books.</summary>
    public static readonly Guid Platform = Guid.Empty;

    /// <summary>Adds one movement: a debit of one book and a credit of another, same amount, same transaction id.</summary>
    public static void Transfer(
        ModelMintDbContext db,
        (Guid AccountId, string Book) debit,
        (Guid AccountId, string Book) credit,
        long amountMicros,
        string currency,
        string reason,
        string reference,
        DateTimeOffset occurredAt) =>
        db.LedgerEntries.AddRange(Movement(debit, credit, amountMicros, currency, reason, reference, occurredAt));

    /// <summary>The two entries of one movement, for a writer that inserts them itself (the usage group commit).</summary>
    public static LedgerEntry[] Movement(
        (Guid AccountId, string Book) debit,
        (Guid AccountId, string Book) credit,
        long amountMicros,
        string currency,
        string reason,
        string reference,
        DateTimeOffset occurredAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountMicros);
        var transactionId = Guid.CreateVersion7();
        return [Entry(Debit, debit), Entry(Credit, credit)];

        LedgerEntry Entry(string side, (Guid AccountId, string Book) account) => new()
        {
            Id = Guid.CreateVersion7(),
            TransactionId = transactionId,
            AccountId = account.AccountId,
            Book = account.Book,
            Side = side,
            AmountMicros = amountMicros,
            Currency = currency,
            Reason = reason,
            Reference = reference,
            OccurredAt = occurredAt,
        };
    }
}
