namespace ModelMint.Server.Accounts;

/// <summary>An organisation's role on the platform (<c>Account.Role</c>).</summary>
public static class AccountRoles
{
    /// <summary>Runs the platform; only the organisation made at first start has it — it cannot be signed up for.</summary>
    public const string Operator = "operator";

    /// <summary>Owns models and earns revenue from them.</summary>
    public const string Provider = "provider";

    /// <summary>Calls models and pays for them.</summary>
    public const string Developer = "developer";

    /// <summary>The roles a person may choose at sign-up.</summary>
    public static readonly IReadOnlyList<string> SelfAssignable = [Provider, Developer];
}

/// <summary>A person's role inside an organisation (<c>Membership.Role</c>).</summary>
public static class MembershipRoles
{
    /// <summary>Manages the organisation's members; every organisation made by sign-up keeps at least one.</summary>
    public const string Owner = "owner";

    public const string Member = "member";

    public static readonly IReadOnlyList<string> All = [Owner, Member];
}
