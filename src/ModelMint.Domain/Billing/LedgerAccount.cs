namespace ModelMint.Domain.Billing;

/// <summary>
/// A ledger account, named by a path such as <c>customer:{id}:receivable</c> or <c>platform:revenue</c>. The
/// factories name the accounts billing uses; others may be created with <see cref="Named"/>.
/// </summary>
public readonly record struct LedgerAccount
{
    private LedgerAccount(string name) => Name = name;

    /// <summary>The account's name.</summary>
    public string Name { get; }

    /// <summary>Money received from outside the platform (payments, payouts sent).</summary>
    public static LedgerAccount Cash { get; } = new("platform:cash");

    /// <summary>The platform's fees from provider revenue, and revenue of its own models.</summary>
    public static LedgerAccount PlatformRevenue { get; } = new("platform:revenue");

    /// <summary>Promotional credit the operator gave away.</summary>
    public static LedgerAccount PromotionalExpense { get; } = new("platform:promotions");

    /// <summary>Prepaid credit that expired unused.</summary>
    public static LedgerAccount ExpiredCredit { get; } = new("platform:expired-credit");

    /// <summary>An account by name (non-empty, at most 200 characters, no whitespace).</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, or contains whitespace.</exception>
    public static LedgerAccount Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 200 || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A ledger account name has at most 200 characters and no whitespace.", nameof(name));
        }

        return new LedgerAccount(name);
    }

    /// <summary>What <paramref name="accountId"/> owes on finalized invoices.</summary>
    public static LedgerAccount Receivable(Guid accountId) => new($"customer:{accountId:D}:receivable");

    /// <summary>Prepaid credit the platform holds for <paramref name="accountId"/> (a liability).</summary>
    public static LedgerAccount PrepaidCredit(Guid accountId) => new($"customer:{accountId:D}:prepaid");

    /// <summary>What the platform owes provider <paramref name="providerAccountId"/>.</summary>
    public static LedgerAccount ProviderPayable(Guid providerAccountId) => new($"provider:{providerAccountId:D}:payable");

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;
}
