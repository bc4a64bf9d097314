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
        Accuracy = "Accuracy",
        Amount = "Amount",
        ApiKeys = "API keys",
        Balance = "Balance",
        Billing = "Billing",
        By = "by",
        Calls = "Calls",
        CallsByKey = "Calls by key",
        CallsByModel = "Calls by model",
        CallsLast30Days = "Calls, last 14 days",
        CallsPerDay = "Calls per day",
        Catalog = "Catalog",
        CatalogEmpty = "No model is published yet.",
        Characters = "Characters",
        Code = "Code",
        CodeSamples = "Code samples",
        Copied = "Copied",
        Copy = "Copy",
        CreateAccount = "Create account",
        CreateKey = "Create key",
        Created = "Created",
        CreditsApplied = "Credits applied",
        Dashboard = "Dashboard",
        Datasets = "Datasets",
        Description = "Description",
        DownloadCsv = "Download CSV",
        Earnings = "Earnings",
        Email = "Email",
        Expires = "Expires",
        ExpiresInDays = "Expires in (days)",
        ExpiresInDaysHelp = "Whole days from 1 to 3650; leave empty for a key that does not expire.",
        Free = "free",
        HaveAccount = "Already have an account?",
        IWantTo = "I want to",
        Invoice = "Invoice",
        Invoices = "Invoices",
        IpRanges = "Allowed IP ranges",
        IpRangesHelp = "Comma-separated addresses or CIDR ranges such as 203.0.113.0/24; empty for any.",
        Issued = "issued",
        Key = "Key",
        KeyOptional = "API key (optional)",
        KeyOptionalHelp = "Leave empty to call with your sign-in session.",
        KeyShownOnce = "Copy this key now: it is shown only once.",
        Label = "Label",
        LastUsed = "Last used",
        Menu = "Menu",
        Meter = "Meter",
        Model = "Model",
        ModelScopes = "Models it may call",
        ModelScopesHelp = "Comma-separated model names; empty for all models.",
        Models = "Models",
        Name = "Name",
        NoAccountYet = "No account yet?",
        NoInvoicesYet = "No invoices yet: a month is invoiced after it ends.",
        NoKeysYet = "No keys yet.",
        NoSpendCap = "No spend cap set",
        NoUsageYet = "No usage yet.",
        NotForYourRole = "This page is for another kind of organisation (provider or operator). Switch organisation or go back to the dashboard.",
        NotFound = "Not found. It does not exist, or it belongs to another organisation.",
        Number = "Number",
        OperatorSection = "Operator",
        Organisation = "Organisation",
        OrganisationName = "Organisation name",
        Organisations = "Organisations",
        Password = "Password",
        Per = "per",
        Period = "Period",
        Playground = "Playground",
        PlaygroundExplain = "Calls go through the public API with your sign-in session (or the key you paste): they are metered and billed like any call.",
        PlaygroundNeedsModelAndText = "Choose a model and type some text.",
        Predict = "Predict",
        Prefix = "Prefix",
        PricingAndFee = "Prices and fee",
        ProviderSection = "Provider",
        Quantity = "Quantity",
        QuotaUsed = "Monthly spend cap used",
        Redeem = "Redeem",
        RedeemCode = "Redeem a code",
        Redeemed = "Added to your balance:",
        RedemptionCodes = "Redemption codes",
        Reference = "Reference",
        Request = "Request",
        Response = "Response",
        Restrictions = "Restrictions",
        Revenue = "Revenue",
        Revoke = "Revoke",
        Revoked = "revoked",
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
        Status = "Status",
        Subtotal = "Subtotal",
        SwitchTo = "Switch to",
        Text = "Text",
        Total = "Total",
        Training = "Training",
        TryIt = "Try it",
        UnitPrice = "Unit price",
    };

    public static readonly PortalText Chinese = new()
    {
        Accuracy = "准确率",
        Amount = "金额",
        ApiKeys = "API 密钥",
        Balance = "余额",
        Billing = "账单",
        By = "提供方",
        Calls = "调用",
        CallsByKey = "按密钥统计调用",
        CallsByModel = "按模型统计调用",
        CallsLast30Days = "调用次数（近 14 天）",
        CallsPerDay = "每日调用",
        Catalog = "模型目录",
        CatalogEmpty = "尚无已发布的模型。",
        Characters = "字符",
        Code = "兑换码",
        CodeSamples = "代码示例",
        Copied = "已复制",
        Copy = "复制",
        CreateAccount = "创建账户",
        CreateKey = "创建密钥",
        Created = "创建时间",
        CreditsApplied = "已抵扣额度",
        Dashboard = "仪表盘",
        Datasets = "数据集",
        Description = "描述",
        DownloadCsv = "下载 CSV",
        Earnings = "收益",
        Email = "邮箱",
        Expires = "过期时间",
        ExpiresInDays = "有效期（天）",
        ExpiresInDaysHelp = "1 到 3650 的整数天数；留空表示永不过期。",
        Free = "免费",
        HaveAccount = "已有账户？",
        IWantTo = "我想要",
        Invoice = "发票",
        Invoices = "发票",
        IpRanges = "允许的 IP 范围",
        IpRangesHelp = "以逗号分隔的地址或 CIDR 范围，例如 203.0.113.0/24；留空表示不限。",
        Issued = "开具于",
        Key = "密钥",
        KeyOptional = "API 密钥（可选）",
        KeyOptionalHelp = "留空则使用您的登录会话调用。",
        KeyShownOnce = "请立即复制此密钥：它只显示一次。",
        Label = "标签",
        LastUsed = "最近使用",
        Menu = "菜单",
        Meter = "计量项",
        Model = "模型",
        ModelScopes = "可调用的模型",
        ModelScopesHelp = "以逗号分隔的模型名称；留空表示全部模型。",
        Models = "模型",
        Name = "名称",
        NoAccountYet = "还没有账户？",
        NoInvoicesYet = "暂无发票：每月结束后出具发票。",
        NoKeysYet = "暂无密钥。",
        NoSpendCap = "未设置消费上限",
        NoUsageYet = "暂无用量。",
        NotForYourRole = "此页面属于其他类型的组织（提供方或运营方）。请切换组织或返回仪表盘。",
        NotFound = "未找到：不存在，或属于其他组织。",
        Number = "编号",
        OperatorSection = "运营",
        Organisation = "组织",
        OrganisationName = "组织名称",
        Organisations = "组织",
        Password = "密码",
        Per = "每",
        Period = "账期",
        Playground = "在线试用",
        PlaygroundExplain = "调用通过公开 API 进行，使用您的登录会话（或您粘贴的密钥）：与其他调用一样计量和计费。",
        PlaygroundNeedsModelAndText = "请选择模型并输入文本。",
        Predict = "预测",
        Prefix = "前缀",
        PricingAndFee = "价格与费率",
        ProviderSection = "提供方",
        Quantity = "数量",
        QuotaUsed = "本月消费上限使用情况",
        Redeem = "兑换",
        RedeemCode = "兑换充值码",
        Redeemed = "已充值：",
        RedemptionCodes = "兑换码",
        Reference = "接口文档",
        Request = "请求",
        Response = "响应",
        Restrictions = "限制",
        Revenue = "收入",
        Revoke = "吊销",
        Revoked = "已吊销",
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
        Status = "状态",
        Subtotal = "小计",
        SwitchTo = "切换到",
        Text = "文本",
        Total = "合计",
        Training = "训练",
        TryIt = "试用",
        UnitPrice = "单价",
    };

    public required string Accuracy { get; init; }

    public required string Amount { get; init; }

    public required string ApiKeys { get; init; }

    public required string Balance { get; init; }

    public required string Billing { get; init; }

    public required string By { get; init; }

    public required string Calls { get; init; }

    public required string CallsByKey { get; init; }

    public required string CallsByModel { get; init; }

    public required string CallsLast30Days { get; init; }

    public required string CallsPerDay { get; init; }

    public required string Catalog { get; init; }

    public required string CatalogEmpty { get; init; }

    public required string Characters { get; init; }

    public required string Code { get; init; }

    public required string CodeSamples { get; init; }

    public required string Copied { get; init; }

    public required string Copy { get; init; }

    public required string CreateAccount { get; init; }

    public required string CreateKey { get; init; }

    public required string Created { get; init; }

    public required string CreditsApplied { get; init; }

    public required string Dashboard { get; init; }

    public required string Datasets { get; init; }

    public required string Description { get; init; }

    public required string DownloadCsv { get; init; }

    public required string Earnings { get; init; }

    public required string Email { get; init; }

    public required string Expires { get; init; }

    public required string ExpiresInDays { get; init; }

    public required string ExpiresInDaysHelp { get; init; }

    public required string Free { get; init; }

    public required string HaveAccount { get; init; }

    public required string IWantTo { get; init; }

    public required string Invoice { get; init; }

    public required string Invoices { get; init; }

    public required string IpRanges { get; init; }

    public required string IpRangesHelp { get; init; }

    public required string Issued { get; init; }

    public required string Key { get; init; }

    public required string KeyOptional { get; init; }

    public required string KeyOptionalHelp { get; init; }

    public required string KeyShownOnce { get; init; }

    public required string Label { get; init; }

    public required string LastUsed { get; init; }

    public required string Menu { get; init; }

    public required string Meter { get; init; }

    public required string Model { get; init; }

    public required string ModelScopes { get; init; }

    public required string ModelScopesHelp { get; init; }

    public required string Models { get; init; }

    public required string Name { get; init; }

    public required string NoAccountYet { get; init; }

    public required string NoInvoicesYet { get; init; }

    public required string NoKeysYet { get; init; }

    public required string NoSpendCap { get; init; }

    public required string NoUsageYet { get; init; }

    public required string NotForYourRole { get; init; }

    public required string NotFound { get; init; }

    public required string Number { get; init; }

    public required string OperatorSection { get; init; }

    public required string Organisation { get; init; }

    public required string OrganisationName { get; init; }

    public required string Organisations { get; init; }

    public required string Password { get; init; }

    public required string Per { get; init; }

    public required string Period { get; init; }

    public required string Playground { get; init; }

    public required string PlaygroundExplain { get; init; }

    public required string PlaygroundNeedsModelAndText { get; init; }

    public required string Predict { get; init; }

    public required string Prefix { get; init; }

    public required string PricingAndFee { get; init; }

    public required string ProviderSection { get; init; }

    public required string Quantity { get; init; }

    public required string QuotaUsed { get; init; }

    public required string Redeem { get; init; }

    public required string RedeemCode { get; init; }

    public required string Redeemed { get; init; }

    public required string RedemptionCodes { get; init; }

    public required string Reference { get; init; }

    public required string Request { get; init; }

    public required string Response { get; init; }

    public required string Restrictions { get; init; }

    public required string Revenue { get; init; }

    public required string Revoke { get; init; }

    public required string Revoked { get; init; }

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

    public required string Status { get; init; }

    public required string Subtotal { get; init; }

    public required string SwitchTo { get; init; }

    public required string Text { get; init; }

    public required string Total { get; init; }

    public required string Training { get; init; }

    public required string TryIt { get; init; }

    public required string UnitPrice { get; init; }

    public static PortalText For(string language) => language == PortalLanguage.Chinese ? Chinese : English;

    /// <summary>An organisation role's name in this language.</summary>
    public string RoleName(string role) => role switch
    {
        AccountRoles.Operator => RoleOperator,
        AccountRoles.Provider => RoleProvider,
        _ => RoleDeveloper,
    };
}
