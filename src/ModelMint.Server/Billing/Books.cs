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

    public const string Debit = "debit";
    public const string Credit = "credit";
}
