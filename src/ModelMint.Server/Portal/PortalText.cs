using ModelMint.Server.Accounts;

namespace ModelMint.Server.Portal;

/// <summary>
/// Every string the portal shows, in English and Simplified Chinese. <c>required</c> members make a string missing from
/// either language a compile error. Pages get the chosen language's table as a cascading value (<c>T</c>).
/// </summary>
public sealed class PortalText
{
    public static readonly PortalText English = new()
    {
        ApiKeys = "API keys",
        Balance = "Balance",
        Billing = "Billing",
        Calls = "Calls",
        CallsByKey = "Calls by key",
        CallsByModel = "Calls by model",
        CallsLast30Days = "Calls, last 14 days",
        CallsPerDay = "Calls per day",
        Catalog = "Catalog",
        Characters = "Characters",
        CreateAccount = "Create account",
        Dashboard = "Dashboard",
        Datasets = "Datasets",
        Earnings = "Earnings",
        Email = "Email",
        HaveAccount = "Already have an account?",
        IWantTo = "I want to",
        Key = "Key",
        Menu = "Menu",
        Model = "Model",
        Models = "Models",
        NoAccountYet = "No account yet?",
        NoSpendCap = "No spend cap set",
        NoUsageYet = "No usage yet.",
        NotForYourRole = "This page is for another kind of organisation (provider or operator). Switch organisation or go back to the dashboard.",
        OperatorSection = "Operator",
        Organisation = "Organisation",
        OrganisationName = "Organisation name",
        Organisations = "Organisations",
        Password = "Password",
        Playground = "Playground",
        PricingAndFee = "Prices and fee",
        ProviderSection = "Provider",
        QuotaUsed = "Monthly spend cap used",
        RedemptionCodes = "Redemption codes",
        Revenue = "Revenue",
        RoleDeveloper = "developer",
        RoleDeveloperChoice = "call models (developer)",
        RoleOperator = "operator",
        RoleProvider = "provider",
        RoleProviderChoice = "publish models and earn (provider)",
        SignIn = "Sign in",
        SignInSession = "sign-in session",
        SignOut = "Sign out",
        SignUp = "Sign up",
        Spend = "Spend",
        SpendPerDay = "Prepaid spend per day",
        SwitchTo = "Switch to",
        Training = "Training",
    };

    public static readonly PortalText Chinese = new()
    {
        ApiKeys = "API 密钥",
        Balance = "余额",
        Billing = "账单",
        Calls = "调用",
        CallsByKey = "按密钥统计调用",
        CallsByModel = "按模型统计调用",
        CallsLast30Days = "调用次数（近 14 天）",
        CallsPerDay = "每日调用",
        Catalog = "模型目录",
        Characters = "字符",
        CreateAccount = "创建账户",
        Dashboard = "仪表盘",
        Datasets = "数据集",
        Earnings = "收益",
        Email = "邮箱",
        HaveAccount = "已有账户？",
        IWantTo = "我想要",
        Key = "密钥",
        Menu = "菜单",
        Model = "模型",
        Models = "模型",
        NoAccountYet = "还没有账户？",
        NoSpendCap = "未设置消费上限",
        NoUsageYet = "暂无用量。",
        NotForYourRole = "此页面属于其他类型的组织（提供方或运营方）。请切换组织或返回仪表盘。",
        OperatorSection = "运营",
        Organisation = "组织",
        OrganisationName = "组织名称",
        Organisations = "组织",
        Password = "密码",
        Playground = "在线试用",
        PricingAndFee = "价格与费率",
        ProviderSection = "提供方",
        QuotaUsed = "本月消费上限使用情况",
        RedemptionCodes = "兑换码",
        Revenue = "收入",
        RoleDeveloper = "开发者",
        RoleDeveloperChoice = "调用模型（开发者）",
        RoleOperator = "运营方",
        RoleProvider = "提供方",
        RoleProviderChoice = "发布模型并获得收益（提供方）",
        SignIn = "登录",
        SignInSession = "登录会话",
        SignOut = "退出",
        SignUp = "注册",
        Spend = "消费",
        SpendPerDay = "每日预付消费",
        SwitchTo = "切换到",
        Training = "训练",
    };

    public required string ApiKeys { get; init; }

    public required string Balance { get; init; }

    public required string Billing { get; init; }

    public required string Calls { get; init; }

    public required string CallsByKey { get; init; }

    public required string CallsByModel { get; init; }

    public required string CallsLast30Days { get; init; }

    public required string CallsPerDay { get; init; }

    public required string Catalog { get; init; }

    public required string Characters { get; init; }

    public required string CreateAccount { get; init; }

    public required string Dashboard { get; init; }

    public required string Datasets { get; init; }

    public required string Earnings { get; init; }

    public required string Email { get; init; }

    public required string HaveAccount { get; init; }

    public required string IWantTo { get; init; }

    public required string Key { get; init; }

    public required string Menu { get; init; }

    public required string Model { get; init; }

    public required string Models { get; init; }

    public required string NoAccountYet { get; init; }

    public required string NoSpendCap { get; init; }

    public required string NoUsageYet { get; init; }

    public required string NotForYourRole { get; init; }

    public required string OperatorSection { get; init; }

    public required string Organisation { get; init; }

    public required string OrganisationName { get; init; }

    public required string Organisations { get; init; }

    public required string Password { get; init; }

    public required string Playground { get; init; }

    public required string PricingAndFee { get; init; }

    public required string ProviderSection { get; init; }

    public required string QuotaUsed { get; init; }

    public required string RedemptionCodes { get; init; }

    public required string Revenue { get; init; }

    public required string RoleDeveloper { get; init; }

    public required string RoleDeveloperChoice { get; init; }

    public required string RoleOperator { get; init; }

    public required string RoleProvider { get; init; }

    public required string RoleProviderChoice { get; init; }

    public required string SignIn { get; init; }

    public required string SignInSession { get; init; }

    public required string SignOut { get; init; }

    public required string SignUp { get; init; }

    public required string Spend { get; init; }

    public required string SpendPerDay { get; init; }

    public required string SwitchTo { get; init; }

    public required string Training { get; init; }

    public static PortalText For(string language) => language == PortalLanguage.Chinese ? Chinese : English;

    /// <summary>An organisation role's name in this language.</summary>
    public string RoleName(string role) => role switch
    {
        AccountRoles.Operator => RoleOperator,
        AccountRoles.Provider => RoleProvider,
        _ => RoleDeveloper,
    };
}
