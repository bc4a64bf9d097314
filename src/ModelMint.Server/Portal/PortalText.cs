using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;

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
        Action = "Action",
        ActionAliasMoved = "alias moved",
        ActionBillingRun = "month billed",
        ActionChannelCreated = "gateway channel created",
        ActionChannelDeleted = "gateway channel deleted",
        ActionChannelUpdated = "gateway channel updated",
        ActionCodeRedeemed = "code redeemed",
        ActionCreditGranted = "credit granted",
        ActionDatasetUploaded = "dataset uploaded",
        ActionGatewayModelSet = "gateway model set",
        ActionInvoiceFinalized = "invoice finalized",
        ActionInvoicePaid = "invoice paid",
        ActionInvoiceVoided = "invoice voided",
        ActionKeyCreated = "key created",
        ActionKeyRevoked = "key revoked",
        ActionListingUpdated = "listing updated",
        ActionMemberAdded = "member added",
        ActionMemberRemoved = "member removed",
        ActionPlanArchived = "plan archived",
        ActionPlanCancelled = "plan cancelled",
        ActionPlanCreated = "plan created",
        ActionPlanSubscribed = "plan subscribed",
        ActionPlatformFeeSet = "platform fee set",
        ActionPriceBoundSet = "price bounds set",
        ActionRedemptionBatchCreated = "redemption codes created",
        ActionRoutingCleared = "routing cleared",
        ActionRoutingSet = "routing set",
        ActionSignInFailed = "sign-in failed",
        ActionSignedIn = "signed in",
        ActionSignedOut = "signed out",
        ActionSignedUp = "signed up",
        ActionSpendCapRemoved = "spend cap removed",
        ActionSpendCapSet = "spend cap set",
        ActionTrainingCancelled = "training job cancelled",
        ActionTrainingQueued = "training job queued",
        ActionWebhookCreated = "webhook created",
        ActionWebhookDeleted = "webhook deleted",
        ActivePlan = "active",
        ActualPredicted = "actual ↓ / predicted →",
        Address = "Address",
        Agreed = "Agreed",
        Agreement = "Agreement",
        Aliases = "Aliases",
        AllActions = "All actions",
        AllOrganisations = "All organisations",
        Amount = "Amount",
        AmountEach = "Amount each",
        ApiKeys = "API keys",
        Archive = "Archive",
        ArchivedPlan = "archived",
        AuditLog = "Audit log",
        AuditLogAll = "Audit log, all organisations",
        AuditLogHelp = "Who changed what, when and from where, newest first.",
        AvailablePlans = "Plans on offer",
        Back = "Back",
        Balance = "Balance",
        BillAMonth = "Bill a month now",
        BillAMonthHelp = "Generate and finalize the invoices of an ended month and write provider statements. Safe to repeat.",
        BillNow = "Bill",
        Billing = "Billing",
        By = "by",
        ByKey = "by key",
        ByModel = "by model",
        Calls = "Calls",
        CallsByKey = "Calls by key",
        CallsByModel = "Calls by model",
        CallsLast14Days = "Calls, last 14 days",
        CallsPerDay = "Calls per day",
        Canary = "Canary",
        CanaryPercent = "Share of calls (%)",
        CanaryVersion = "Canary version",
        CancelPlan = "Cancel plan",
        Catalog = "Catalog",
        CatalogEmpty = "No model is published yet.",
        ChangeToPlan = "Change to this plan",
        Characters = "Characters",
        ChargeForRemainder = "Charge for the rest of the month",
        ClearRouting = "Clear routing",
        Code = "Code",
        CodeSamples = "Code samples",
        CodesShownOnce = "Hand these codes out now: they are shown only once.",
        CompareVersions = "Compare versions",
        Confirm = "Confirm",
        ConfirmArchive = "Archive this plan? It takes no new subscribers; organisations on it keep it.",
        ConfirmCancelPlan = "Cancel the plan now? The unused part of this month's fee is credited on the invoice.",
        ConfirmChangePlan = "Change to this plan now? The current plan ends now: the invoice credits its unused fee and charges the new plan's fee for the rest of the month.",
        ConfirmSubscribe = "Subscribe to this plan now? Its fee for the rest of this month is added to this month's invoice.",
        ConfusionMatrix = "Confusion matrix",
        Copied = "Copied",
        Copy = "Copy",
        CopyAll = "Copy all",
        CountMustBeNumber = "'count' must be a whole number.",
        CreateAccount = "Create account",
        CreateBatch = "Create codes",
        CreateKey = "Create key",
        CreatePlan = "Create plan",
        Created = "Created",
        CreditForUnused = "Credit for the unused fee",
        CreditsApplied = "Credits applied",
        Currency = "Currency",
        Dashboard = "Dashboard",
        Dataset = "Dataset",
        DatasetNameOptional = "Name (optional, defaults to the file name)",
        Datasets = "Datasets",
        Description = "Description",
        Details = "Details",
        DownloadCsv = "Download CSV",
        Earnings = "Earnings",
        Email = "Email",
        EmptyForNoLimit = "Empty for no limit.",
        Evaluation = "Evaluation",
        Events = "Events",
        EventsPerDay = "Events per day, last 14 days",
        Expires = "Expires",
        ExpiresInDays = "Expires in (days)",
        ExpiresInDaysHelp = "Whole days from 1 to 3650; leave empty for a key that does not expire.",
        File = "File",
        Format = "Format",
        Free = "free",
        Gross = "Gross",
        HaveAccount = "Already have an account?",
        HowMany = "How many",
        IWantTo = "I want to",
        InCatalog = "In the catalog",
        IncludedPerMonth = "Included per month",
        Invoice = "Invoice",
        Invoices = "Invoices",
        InvoicesCreated = "invoices",
        IpRanges = "Allowed IP ranges",
        IpRangesHelp = "Comma-separated addresses or CIDR ranges such as 203.0.113.0/24; empty for any.",
        Issued = "issued",
        Key = "Key",
        KeyActor = "key",
        KeyOptional = "API key (optional)",
        KeyOptionalHelp = "Leave empty to call with your sign-in session.",
        KeyShownOnce = "Copy this key now: it is shown only once.",
        Label = "Label",
        Labels = "Labels",
        LastUsed = "Last used",
        LoadMore = "Load more",
        MaxCallsPerMonth = "Calls per month (quota)",
        MaxUnitsPerMonth = "Units per month (quota)",
        Maximum = "Maximum per unit",
        Members = "Members",
        Menu = "Menu",
        Meter = "Meter",
        Minimum = "Minimum per unit",
        Model = "Model",
        ModelName = "Model name",
        ModelNameHelp = "Lowercase letters, digits and '-', e.g. movie-sentiment.",
        ModelScopes = "Models it may call",
        ModelScopesHelp = "Comma-separated model names; empty for all models.",
        Models = "Models",
        MonthlyFee = "Monthly fee",
        MonthlyQuotas = "Monthly quotas",
        MustBeWholeNumber = "Must be a whole number.",
        Name = "Name",
        NewBatch = "New batch",
        NewPlan = "New plan",
        NoAccountYet = "No account yet?",
        NoBounds = "No bounds: providers may set any price.",
        NoComparisonsYet = "No texts compared yet: set a shadow version, then make calls that name no version.",
        NoCurveYet = "No curve points yet.",
        NoDatasetsYet = "No datasets yet.",
        NoDisagreements = "The two versions agreed on every text.",
        NoEventsYet = "No events.",
        NoInvoicesYet = "No invoices yet: a month is invoiced after it ends.",
        NoJobsYet = "No training jobs yet.",
        NoKeysYet = "No keys yet.",
        NoLimit = "no limit",
        NoMembers = "No people: this organisation is used through API keys only.",
        NoModelsYet = "No models yet: train one.",
        NoneSet = "none",
        NoPlan = "No plan: calls are billed at each model's price only.",
        NoPlansOffered = "No plans on offer.",
        NoPlansYet = "No plans yet.",
        NoSpendCap = "No spend cap set",
        NoStatementsYet = "No statements yet: a month is settled after it ends.",
        NoUsageYet = "No usage yet.",
        NotForYourRole = "This page is for another kind of organisation (provider or operator). Switch organisation or go back to the dashboard.",
        NotFound = "Not found. It does not exist, or it belongs to another organisation.",
        NotInCatalog = "Not in the catalog",
        Number = "Number",
        OperatorBounds = "Operator's bounds",
        OperatorSection = "Operator",
        Organisation = "Organisation",
        OrganisationName = "Organisation name",
        Organisations = "Organisations",
        Overage = "Overage",
        OveragePrice = "Overage price",
        OverageUnitSize = "Overage per N units",
        Password = "Password",
        Payout = "Payout",
        Per = "per",
        PerAcceptedPrediction = "per accepted prediction",
        PerCall = "per call",
        PerThousandCharacters = "per 1000 characters",
        PercentOfRevenue = "Percent of revenue",
        Period = "Period",
        Plan = "Plan",
        PlanCancelled = "Plan cancelled.",
        PlanCreated = "Plan created.",
        PlanSubscribed = "Subscribed.",
        Plans = "Plans",
        PlansImmutable = "Plans cannot be edited: to change terms, create a new plan, archive the old one and move subscribers.",
        PlatformFee = "Platform fee",
        PlatformFeeHelp = "The share of provider revenue the platform keeps; used by the next statements.",
        Playground = "Playground",
        PlaygroundExplain = "Calls go through the public API with your sign-in session (or the key you paste): they are metered and billed like any call.",
        PlaygroundNeedsModelAndText = "Choose a model and type some text.",
        Precision = "Precision",
        Predict = "Predict",
        Prefix = "Prefix",
        PriceAndPublish = "Price and publish",
        PriceBounds = "Price bounds",
        PriceType = "Price",
        PricingAndFee = "Prices and fee",
        Production = "Production",
        Progress = "Progress",
        Promote = "Promote to production",
        ProviderSection = "Provider",
        Published = "Published in the catalog",
        Quantity = "Quantity",
        QuotaUsed = "Monthly spend cap used",
        RateLimits = "Rate limits",
        Recall = "Recall",
        Redeem = "Redeem",
        RedeemCode = "Redeem a code",
        Redeemed = "Added to your balance:",
        RedemptionCodes = "Redemption codes",
        Reference = "Reference",
        Refresh = "Refresh",
        Request = "Request",
        RequestsPerMinute = "Requests per minute",
        KeyCharactersPerMinute = "Characters per minute",
        KeyTokensPerMinute = "Gateway tokens per minute",
        KeyLimitsHelp = "Empty: the platform's default",
        KeyLimitsShown = "{0} requests/min, {1} characters/min, {2} gateway tokens/min",
        DefaultLimit = "default",
        KeyLimitInvalid = "'{0}' is not a whole number. Give a limit of at least 1, or leave it empty for the platform's default.",
        Resets = "Resets",
        Response = "Response",
        Restrictions = "Restrictions",
        Revenue = "Revenue",
        RevenueByMonth = "Revenue by month",
        RevenueByProvider = "Revenue by provider",
        Revoke = "Revoke",
        Revoked = "revoked",
        Role = "Role",
        RoleDeveloper = "developer",
        RoleDeveloperChoice = "call models (developer)",
        RoleOperator = "operator",
        RoleProvider = "provider",
        RoleProviderChoice = "publish models and earn (provider)",
        RollBack = "Roll back to this",
        Routing = "Routing",
        RoutingHelp = "Calls that name no version follow the routing: the canary answers its share of them, and the shadow version also classifies them, unseen and unbilled, to compare with what was served. Calls that name a version or an alias get exactly that one. Clearing the routing keeps the comparisons.",
        Rows = "rows",
        Save = "Save",
        Saved = "Saved.",
        SaveRouting = "Save routing",
        SeeEvaluation = "See the evaluation",
        Served = "Served",
        ServedLabel = "Served label",
        Shadow = "Shadow",
        ShadowComparison = "Shadow comparison",
        ShadowLabel = "Shadow label",
        ShadowSkipped = "Calls not shadowed on this node (queue full)",
        ShadowVersion = "Shadow version",
        ShareOfCompared = "Share of compared",
        ShowMembers = "Members",
        SignIn = "Sign in",
        SignInSession = "sign-in session",
        SignOut = "Sign out",
        SignUp = "Sign up",
        Since = "Since",
        Spend = "Spend",
        SpendPerDay = "Prepaid spend per day",
        StartTraining = "Start training",
        StatementsCreated = "statements",
        Status = "Status",
        Step = "Step",
        Subscribe = "Subscribe",
        SubscriptionPlans = "Subscription plans",
        Subtotal = "Subtotal",
        Support = "Support",
        SwitchTo = "Switch to",
        Target = "Target",
        TestRows = "test rows",
        Text = "Text",
        Texts = "Texts",
        TextsCompared = "Texts compared",
        Time = "Time",
        TopDisagreements = "Most frequent disagreements (served → shadow)",
        Total = "Total",
        Train = "Train",
        TrainedVersion = "Trained version",
        Trainer = "Trainer",
        Training = "Training",
        TrainingCurve = "Training curve",
        TrainingLoss = "Training loss",
        TryIt = "Try it",
        UnitPrice = "Unit price",
        Units = "units",
        UnitsPerMinute = "Units per minute",
        Upload = "Upload",
        UploadDataset = "Upload a dataset",
        UploadDatasetHelp = "CSV with a header text,label, or JSONL with one {\"text\":…,\"label\":…} per line.",
        Uploaded = "Uploaded",
        UsedThisMonth = "Used this month",
        ValidationAccuracy = "Validation accuracy",
        ValidationLoss = "Validation loss",
        Version = "Version",
        Versions = "Versions",
        Who = "Who",
    };

    public static readonly PortalText Chinese = new()
    {
        Accuracy = "准确率",
        Action = "操作",
        ActionAliasMoved = "移动别名",
        ActionBillingRun = "执行月度结算",
        ActionChannelCreated = "创建网关渠道",
        ActionChannelDeleted = "删除网关渠道",
        ActionChannelUpdated = "更新网关渠道",
        ActionCodeRedeemed = "兑换代码",
        ActionCreditGranted = "发放额度",
        ActionDatasetUploaded = "上传数据集",
        ActionGatewayModelSet = "设置网关模型",
        ActionInvoiceFinalized = "发票定稿",
        ActionInvoicePaid = "发票已支付",
        ActionInvoiceVoided = "发票作废",
        ActionKeyCreated = "创建密钥",
        ActionKeyRevoked = "吊销密钥",
        ActionListingUpdated = "更新目录信息",
        ActionMemberAdded = "添加成员",
        ActionMemberRemoved = "移除成员",
        ActionPlanArchived = "归档套餐",
        ActionPlanCancelled = "取消套餐",
        ActionPlanCreated = "创建套餐",
        ActionPlanSubscribed = "订阅套餐",
        ActionPlatformFeeSet = "设置平台费",
        ActionPriceBoundSet = "设置价格区间",
        ActionRedemptionBatchCreated = "创建兑换码",
        ActionRoutingCleared = "清除路由",
        ActionRoutingSet = "设置路由",
        ActionSignInFailed = "登录失败",
        ActionSignedIn = "登录",
        ActionSignedOut = "退出登录",
        ActionSignedUp = "注册",
        ActionSpendCapRemoved = "取消消费上限",
        ActionSpendCapSet = "设置消费上限",
        ActionTrainingCancelled = "取消训练任务",
        ActionTrainingQueued = "提交训练任务",
        ActionWebhookCreated = "创建 Webhook",
        ActionWebhookDeleted = "删除 Webhook",
        ActivePlan = "有效",
        ActualPredicted = "实际 ↓ / 预测 →",
        Address = "地址",
        Agreed = "一致",
        Agreement = "一致率",
        Aliases = "别名",
        AllActions = "全部操作",
        AllOrganisations = "全部组织",
        Amount = "金额",
        AmountEach = "每个面额",
        ApiKeys = "API 密钥",
        Archive = "归档",
        ArchivedPlan = "已归档",
        AuditLog = "审计日志",
        AuditLogAll = "审计日志（全部组织）",
        AuditLogHelp = "谁在何时、从何处更改了什么，最新的在前。",
        AvailablePlans = "可选套餐",
        Back = "返回",
        Balance = "余额",
        BillAMonth = "立即出账",
        BillAMonthHelp = "为已结束的月份生成并确认发票，并生成提供方结算单。可重复执行。",
        BillNow = "出账",
        Billing = "账单",
        By = "提供方",
        ByKey = "按密钥",
        ByModel = "按模型",
        Calls = "调用",
        CallsByKey = "按密钥统计调用",
        CallsByModel = "按模型统计调用",
        CallsLast14Days = "调用次数（近 14 天）",
        CallsPerDay = "每日调用",
        Canary = "金丝雀版本",
        CanaryPercent = "调用占比（%）",
        CanaryVersion = "金丝雀版本",
        CancelPlan = "取消套餐",
        Catalog = "模型目录",
        CatalogEmpty = "尚无已发布的模型。",
        ChangeToPlan = "改为此套餐",
        Characters = "字符",
        ChargeForRemainder = "本月剩余月费",
        ClearRouting = "清除路由",
        Code = "兑换码",
        CodeSamples = "代码示例",
        CodesShownOnce = "请立即分发这些兑换码：它们只显示一次。",
        CompareVersions = "版本对比",
        Confirm = "确认",
        ConfirmArchive = "确认归档此套餐？归档后不再接受新订阅，已订阅的组织保持不变。",
        ConfirmCancelPlan = "确认立即取消套餐？本月未使用部分的月费将在账单中退还。",
        ConfirmChangePlan = "确认立即更换为此套餐？当前套餐即刻结束：账单将退还其未使用的月费，并按本月剩余天数收取新套餐的月费。",
        ConfirmSubscribe = "确认立即订阅此套餐？本月剩余部分的月费将计入本月账单。",
        ConfusionMatrix = "混淆矩阵",
        Copied = "已复制",
        Copy = "复制",
        CopyAll = "全部复制",
        CountMustBeNumber = "数量必须是整数。",
        CreateAccount = "创建账户",
        CreateBatch = "生成兑换码",
        CreateKey = "创建密钥",
        CreatePlan = "创建套餐",
        Created = "创建时间",
        CreditForUnused = "未使用月费退还",
        CreditsApplied = "已抵扣额度",
        Currency = "币种",
        Dashboard = "仪表盘",
        Dataset = "数据集",
        DatasetNameOptional = "名称（可选，默认为文件名）",
        Datasets = "数据集",
        Description = "描述",
        Details = "详情",
        DownloadCsv = "下载 CSV",
        Earnings = "收益",
        Email = "邮箱",
        EmptyForNoLimit = "留空表示不限。",
        Evaluation = "评估",
        Events = "事件数",
        EventsPerDay = "每日事件数（最近 14 天）",
        Expires = "过期时间",
        ExpiresInDays = "有效期（天）",
        ExpiresInDaysHelp = "1 到 3650 的整数天数；留空表示永不过期。",
        File = "文件",
        Format = "格式",
        Free = "免费",
        Gross = "总收入",
        HaveAccount = "已有账户？",
        HowMany = "数量",
        IWantTo = "我想要",
        InCatalog = "已在目录中",
        IncludedPerMonth = "每月包含",
        Invoice = "发票",
        Invoices = "发票",
        InvoicesCreated = "张发票",
        IpRanges = "允许的 IP 范围",
        IpRangesHelp = "以逗号分隔的地址或 CIDR 范围，例如 203.0.113.0/24；留空表示不限。",
        Issued = "开具于",
        Key = "密钥",
        KeyActor = "密钥",
        KeyOptional = "API 密钥（可选）",
        KeyOptionalHelp = "留空则使用您的登录会话调用。",
        KeyShownOnce = "请立即复制此密钥：它只显示一次。",
        Label = "标签",
        Labels = "标签",
        LastUsed = "最近使用",
        LoadMore = "加载更多",
        MaxCallsPerMonth = "每月调用配额",
        MaxUnitsPerMonth = "每月单位配额",
        Maximum = "每单位最高价",
        Members = "成员",
        Menu = "菜单",
        Meter = "计量项",
        Minimum = "每单位最低价",
        Model = "模型",
        ModelName = "模型名称",
        ModelNameHelp = "小写字母、数字和 '-'，例如 movie-sentiment。",
        ModelScopes = "可调用的模型",
        ModelScopesHelp = "以逗号分隔的模型名称；留空表示全部模型。",
        Models = "模型",
        MonthlyFee = "月费",
        MonthlyQuotas = "每月配额",
        MustBeWholeNumber = "必须是整数。",
        Name = "名称",
        NewBatch = "新建批次",
        NewPlan = "新建套餐",
        NoAccountYet = "还没有账户？",
        NoBounds = "未设置区间：提供方可自由定价。",
        NoComparisonsYet = "尚无对比：设置影子版本后，发出不指定版本的调用即可。",
        NoCurveYet = "暂无曲线数据。",
        NoDatasetsYet = "暂无数据集。",
        NoDisagreements = "两个版本对每条文本给出的标签都一致。",
        NoEventsYet = "暂无事件。",
        NoInvoicesYet = "暂无发票：每月结束后出具发票。",
        NoJobsYet = "暂无训练任务。",
        NoKeysYet = "暂无密钥。",
        NoLimit = "不限",
        NoMembers = "无成员：该组织仅通过 API 密钥使用。",
        NoModelsYet = "暂无模型：请先训练一个。",
        NoneSet = "无",
        NoPlan = "未订阅套餐：调用仅按各模型的价格计费。",
        NoPlansOffered = "暂无可选套餐。",
        NoPlansYet = "尚无套餐。",
        NoSpendCap = "未设置消费上限",
        NoStatementsYet = "暂无结算单：每月结束后结算。",
        NoUsageYet = "暂无用量。",
        NotForYourRole = "此页面属于其他类型的组织（提供方或运营方）。请切换组织或返回仪表盘。",
        NotFound = "未找到：不存在，或属于其他组织。",
        NotInCatalog = "未在目录中",
        Number = "编号",
        OperatorBounds = "运营方价格区间",
        OperatorSection = "运营",
        Organisation = "组织",
        OrganisationName = "组织名称",
        Organisations = "组织",
        Overage = "超量价格",
        OveragePrice = "超量单价",
        OverageUnitSize = "超量每 N 单位计价",
        Password = "密码",
        Payout = "结算金额",
        Per = "每",
        PerAcceptedPrediction = "每个被采纳的预测",
        PerCall = "按次",
        PerThousandCharacters = "每千字符",
        PercentOfRevenue = "收入百分比",
        Period = "账期",
        Plan = "套餐",
        PlanCancelled = "套餐已取消。",
        PlanCreated = "套餐已创建。",
        PlanSubscribed = "订阅成功。",
        Plans = "套餐",
        PlansImmutable = "套餐创建后不可修改：如需调整条款，请新建套餐、归档旧套餐并迁移订阅者。",
        PlatformFee = "平台费",
        PlatformFeeHelp = "平台从提供方收入中抽取的比例；用于之后的结算单。",
        Playground = "在线试用",
        PlaygroundExplain = "调用通过公开 API 进行，使用您的登录会话（或您粘贴的密钥）：与其他调用一样计量和计费。",
        PlaygroundNeedsModelAndText = "请选择模型并输入文本。",
        Precision = "精确率",
        Predict = "预测",
        Prefix = "前缀",
        PriceAndPublish = "定价与发布",
        PriceBounds = "价格区间",
        PriceType = "计价方式",
        PricingAndFee = "价格与费率",
        Production = "生产版本",
        Progress = "进度",
        Promote = "提升为生产版本",
        ProviderSection = "提供方",
        Published = "在目录中发布",
        Quantity = "数量",
        QuotaUsed = "本月消费上限使用情况",
        RateLimits = "速率限制",
        Recall = "召回率",
        Redeem = "兑换",
        RedeemCode = "兑换充值码",
        Redeemed = "已充值：",
        RedemptionCodes = "兑换码",
        Reference = "接口文档",
        Refresh = "刷新",
        Request = "请求",
        RequestsPerMinute = "每分钟请求数",
        KeyCharactersPerMinute = "每分钟字符数",
        KeyTokensPerMinute = "每分钟网关令牌数",
        KeyLimitsHelp = "留空：使用平台默认值",
        KeyLimitsShown = "每分钟 {0} 次请求、{1} 个字符、{2} 个网关令牌",
        DefaultLimit = "默认",
        KeyLimitInvalid = "“{0}”不是整数。请填写不小于 1 的限额，或留空以使用平台默认值。",
        Resets = "重置于",
        Response = "响应",
        Restrictions = "限制",
        Revenue = "收入",
        RevenueByMonth = "按月收入",
        RevenueByProvider = "按提供方收入",
        Revoke = "吊销",
        Revoked = "已吊销",
        Role = "角色",
        RoleDeveloper = "开发者",
        RoleDeveloperChoice = "调用模型（开发者）",
        RoleOperator = "运营方",
        RoleProvider = "提供方",
        RoleProviderChoice = "发布模型并获得收益（提供方）",
        RollBack = "回滚到此版本",
        Routing = "路由",
        RoutingHelp = "未指定版本的调用按路由处理：金丝雀版本按比例应答这些调用，影子版本同时对其分类（不返回、不计费），以便与实际应答对比。指定了版本或别名的调用只由该版本应答。清除路由不会删除对比结果。",
        Rows = "行",
        Save = "保存",
        Saved = "已保存。",
        SaveRouting = "保存路由",
        SeeEvaluation = "查看评估",
        Served = "应答版本",
        ServedLabel = "应答标签",
        Shadow = "影子版本",
        ShadowComparison = "影子对比",
        ShadowLabel = "影子标签",
        ShadowSkipped = "本节点因队列已满而未做影子分类的调用",
        ShadowVersion = "影子版本",
        ShareOfCompared = "占对比文本比例",
        ShowMembers = "查看成员",
        SignIn = "登录",
        SignInSession = "登录会话",
        SignOut = "退出",
        SignUp = "注册",
        Since = "加入时间",
        Spend = "消费",
        SpendPerDay = "每日预付消费",
        StartTraining = "开始训练",
        StatementsCreated = "份结算单",
        Status = "状态",
        Step = "步",
        Subscribe = "订阅",
        SubscriptionPlans = "订阅套餐",
        Subtotal = "小计",
        Support = "样本数",
        SwitchTo = "切换到",
        Target = "对象",
        TestRows = "测试行",
        Text = "文本",
        Texts = "文本数",
        TextsCompared = "已对比文本",
        Time = "时间",
        TopDisagreements = "最常见的分歧（应答 → 影子）",
        Total = "合计",
        Train = "训练",
        TrainedVersion = "已训练版本",
        Trainer = "训练器",
        Training = "训练",
        TrainingCurve = "训练曲线",
        TrainingLoss = "训练损失",
        TryIt = "试用",
        UnitPrice = "单价",
        Units = "单位",
        UnitsPerMinute = "每分钟单位数",
        Upload = "上传",
        UploadDataset = "上传数据集",
        UploadDatasetHelp = "带有 text,label 表头的 CSV，或每行一个 {\"text\":…,\"label\":…} 的 JSONL。",
        Uploaded = "已上传",
        UsedThisMonth = "本月已用",
        ValidationAccuracy = "验证准确率",
        ValidationLoss = "验证损失",
        Version = "版本",
        Versions = "版本",
        Who = "操作者",
    };

    public required string Accuracy { get; init; }

    public required string Action { get; init; }

    public required string ActionAliasMoved { get; init; }

    public required string ActionBillingRun { get; init; }

    public required string ActionChannelCreated { get; init; }

    public required string ActionChannelDeleted { get; init; }

    public required string ActionChannelUpdated { get; init; }

    public required string ActionCodeRedeemed { get; init; }

    public required string ActionCreditGranted { get; init; }

    public required string ActionDatasetUploaded { get; init; }

    public required string ActionGatewayModelSet { get; init; }

    public required string ActionInvoiceFinalized { get; init; }

    public required string ActionInvoicePaid { get; init; }

    public required string ActionInvoiceVoided { get; init; }

    public required string ActionKeyCreated { get; init; }

    public required string ActionKeyRevoked { get; init; }

    public required string ActionListingUpdated { get; init; }

    public required string ActionMemberAdded { get; init; }

    public required string ActionMemberRemoved { get; init; }

    public required string ActionPlanArchived { get; init; }

    public required string ActionPlanCancelled { get; init; }

    public required string ActionPlanCreated { get; init; }

    public required string ActionPlanSubscribed { get; init; }

    public required string ActionPlatformFeeSet { get; init; }

    public required string ActionPriceBoundSet { get; init; }

    public required string ActionRedemptionBatchCreated { get; init; }

    public required string ActionRoutingCleared { get; init; }

    public required string ActionRoutingSet { get; init; }

    public required string ActionSignInFailed { get; init; }

    public required string ActionSignedIn { get; init; }

    public required string ActionSignedOut { get; init; }

    public required string ActionSignedUp { get; init; }

    public required string ActionSpendCapRemoved { get; init; }

    public required string ActionSpendCapSet { get; init; }

    public required string ActionTrainingCancelled { get; init; }

    public required string ActionTrainingQueued { get; init; }

    public required string ActionWebhookCreated { get; init; }

    public required string ActionWebhookDeleted { get; init; }

    public required string ActivePlan { get; init; }

    public required string ActualPredicted { get; init; }

    public required string Address { get; init; }

    public required string Agreed { get; init; }

    public required string Agreement { get; init; }

    public required string Aliases { get; init; }

    public required string AllActions { get; init; }

    public required string AllOrganisations { get; init; }

    public required string Amount { get; init; }

    public required string AmountEach { get; init; }

    public required string ApiKeys { get; init; }

    public required string Archive { get; init; }

    public required string ArchivedPlan { get; init; }

    public required string AuditLog { get; init; }

    public required string AuditLogAll { get; init; }

    public required string AuditLogHelp { get; init; }

    public required string AvailablePlans { get; init; }

    public required string Back { get; init; }

    public required string Balance { get; init; }

    public required string BillAMonth { get; init; }

    public required string BillAMonthHelp { get; init; }

    public required string BillNow { get; init; }

    public required string Billing { get; init; }

    public required string By { get; init; }

    public required string ByKey { get; init; }

    public required string ByModel { get; init; }

    public required string Calls { get; init; }

    public required string CallsByKey { get; init; }

    public required string CallsByModel { get; init; }

    public required string CallsLast14Days { get; init; }

    public required string CallsPerDay { get; init; }

    public required string Canary { get; init; }

    public required string CanaryPercent { get; init; }

    public required string CanaryVersion { get; init; }

    public required string CancelPlan { get; init; }

    public required string Catalog { get; init; }

    public required string CatalogEmpty { get; init; }

    public required string ChangeToPlan { get; init; }

    public required string Characters { get; init; }

    public required string ChargeForRemainder { get; init; }

    public required string ClearRouting { get; init; }

    public required string Code { get; init; }

    public required string CodeSamples { get; init; }

    public required string CodesShownOnce { get; init; }

    public required string CompareVersions { get; init; }

    public required string Confirm { get; init; }

    public required string ConfirmArchive { get; init; }

    public required string ConfirmCancelPlan { get; init; }

    public required string ConfirmChangePlan { get; init; }

    public required string ConfirmSubscribe { get; init; }

    public required string ConfusionMatrix { get; init; }

    public required string Copied { get; init; }

    public required string Copy { get; init; }

    public required string CopyAll { get; init; }

    public required string CountMustBeNumber { get; init; }

    public required string CreateAccount { get; init; }

    public required string CreateBatch { get; init; }

    public required string CreateKey { get; init; }

    public required string CreatePlan { get; init; }

    public required string Created { get; init; }

    public required string CreditForUnused { get; init; }

    public required string CreditsApplied { get; init; }

    public required string Currency { get; init; }

    public required string Dashboard { get; init; }

    public required string Dataset { get; init; }

    public required string DatasetNameOptional { get; init; }

    public required string Datasets { get; init; }

    public required string Description { get; init; }

    public required string Details { get; init; }

    public required string DownloadCsv { get; init; }

    public required string Earnings { get; init; }

    public required string Email { get; init; }

    public required string EmptyForNoLimit { get; init; }

    public required string Evaluation { get; init; }

    public required string Events { get; init; }

    public required string EventsPerDay { get; init; }

    public required string Expires { get; init; }

    public required string ExpiresInDays { get; init; }

    public required string ExpiresInDaysHelp { get; init; }

    public required string File { get; init; }

    public required string Format { get; init; }

    public required string Free { get; init; }

    public required string Gross { get; init; }

    public required string HaveAccount { get; init; }

    public required string HowMany { get; init; }

    public required string IWantTo { get; init; }

    public required string InCatalog { get; init; }

    public required string IncludedPerMonth { get; init; }

    public required string Invoice { get; init; }

    public required string Invoices { get; init; }

    public required string InvoicesCreated { get; init; }

    public required string IpRanges { get; init; }

    public required string IpRangesHelp { get; init; }

    public required string Issued { get; init; }

    public required string Key { get; init; }

    public required string KeyActor { get; init; }

    public required string KeyOptional { get; init; }

    public required string KeyOptionalHelp { get; init; }

    public required string KeyShownOnce { get; init; }

    public required string Label { get; init; }

    public required string Labels { get; init; }

    public required string LastUsed { get; init; }

    public required string LoadMore { get; init; }

    public required string MaxCallsPerMonth { get; init; }

    public required string MaxUnitsPerMonth { get; init; }

    public required string Maximum { get; init; }

    public required string Members { get; init; }

    public required string Menu { get; init; }

    public required string Meter { get; init; }

    public required string Minimum { get; init; }

    public required string Model { get; init; }

    public required string ModelName { get; init; }

    public required string ModelNameHelp { get; init; }

    public required string ModelScopes { get; init; }

    public required string ModelScopesHelp { get; init; }

    public required string Models { get; init; }

    public required string MonthlyFee { get; init; }

    public required string MonthlyQuotas { get; init; }

    public required string MustBeWholeNumber { get; init; }

    public required string Name { get; init; }

    public required string NewBatch { get; init; }

    public required string NewPlan { get; init; }

    public required string NoAccountYet { get; init; }

    public required string NoBounds { get; init; }

    public required string NoComparisonsYet { get; init; }

    public required string NoCurveYet { get; init; }

    public required string NoDatasetsYet { get; init; }

    public required string NoDisagreements { get; init; }

    public required string NoEventsYet { get; init; }

    public required string NoInvoicesYet { get; init; }

    public required string NoJobsYet { get; init; }

    public required string NoKeysYet { get; init; }

    public required string NoLimit { get; init; }

    public required string NoMembers { get; init; }

    public required string NoModelsYet { get; init; }

    public required string NoneSet { get; init; }

    public required string NoPlan { get; init; }

    public required string NoPlansOffered { get; init; }

    public required string NoPlansYet { get; init; }

    public required string NoSpendCap { get; init; }

    public required string NoStatementsYet { get; init; }

    public required string NoUsageYet { get; init; }

    public required string NotForYourRole { get; init; }

    public required string NotFound { get; init; }

    public required string NotInCatalog { get; init; }

    public required string Number { get; init; }

    public required string OperatorBounds { get; init; }

    public required string OperatorSection { get; init; }

    public required string Organisation { get; init; }

    public required string OrganisationName { get; init; }

    public required string Organisations { get; init; }

    public required string Overage { get; init; }

    public required string OveragePrice { get; init; }

    public required string OverageUnitSize { get; init; }

    public required string Password { get; init; }

    public required string Payout { get; init; }

    public required string Per { get; init; }

    public required string PerAcceptedPrediction { get; init; }

    public required string PerCall { get; init; }

    public required string PerThousandCharacters { get; init; }

    public required string PercentOfRevenue { get; init; }

    public required string Period { get; init; }

    public required string Plan { get; init; }

    public required string PlanCancelled { get; init; }

    public required string PlanCreated { get; init; }

    public required string PlanSubscribed { get; init; }

    public required string Plans { get; init; }

    public required string PlansImmutable { get; init; }

    public required string PlatformFee { get; init; }

    public required string PlatformFeeHelp { get; init; }

    public required string Playground { get; init; }

    public required string PlaygroundExplain { get; init; }

    public required string PlaygroundNeedsModelAndText { get; init; }

    public required string Precision { get; init; }

    public required string Predict { get; init; }

    public required string Prefix { get; init; }

    public required string PriceAndPublish { get; init; }

    public required string PriceBounds { get; init; }

    public required string PriceType { get; init; }

    public required string PricingAndFee { get; init; }

    public required string Production { get; init; }

    public required string Progress { get; init; }

    public required string Promote { get; init; }

    public required string ProviderSection { get; init; }

    public required string Published { get; init; }

    public required string Quantity { get; init; }

    public required string QuotaUsed { get; init; }

    public required string RateLimits { get; init; }

    public required string Recall { get; init; }

    public required string Redeem { get; init; }

    public required string RedeemCode { get; init; }

    public required string Redeemed { get; init; }

    public required string RedemptionCodes { get; init; }

    public required string Reference { get; init; }

    public required string Refresh { get; init; }

    public required string Request { get; init; }

    public required string RequestsPerMinute { get; init; }
    public required string KeyCharactersPerMinute { get; init; }
    public required string KeyTokensPerMinute { get; init; }
    public required string KeyLimitsHelp { get; init; }
    /// <summary>A key's own limits: requests, characters and gateway tokens per minute ({0}, {1}, {2}).</summary>
    public required string KeyLimitsShown { get; init; }
    public required string DefaultLimit { get; init; }
    public required string KeyLimitInvalid { get; init; }

    public required string Resets { get; init; }

    public required string Response { get; init; }

    public required string Restrictions { get; init; }

    public required string Revenue { get; init; }

    public required string RevenueByMonth { get; init; }

    public required string RevenueByProvider { get; init; }

    public required string Revoke { get; init; }

    public required string Revoked { get; init; }

    public required string Role { get; init; }

    public required string RoleDeveloper { get; init; }

    public required string RoleDeveloperChoice { get; init; }

    public required string RoleOperator { get; init; }

    public required string RoleProvider { get; init; }

    public required string RoleProviderChoice { get; init; }

    public required string RollBack { get; init; }

    public required string Routing { get; init; }

    public required string RoutingHelp { get; init; }

    public required string Rows { get; init; }

    public required string Save { get; init; }

    public required string Saved { get; init; }

    public required string SaveRouting { get; init; }

    public required string SeeEvaluation { get; init; }

    public required string Served { get; init; }

    public required string ServedLabel { get; init; }

    public required string Shadow { get; init; }

    public required string ShadowComparison { get; init; }

    public required string ShadowLabel { get; init; }

    public required string ShadowSkipped { get; init; }

    public required string ShadowVersion { get; init; }

    public required string ShareOfCompared { get; init; }

    public required string ShowMembers { get; init; }

    public required string SignIn { get; init; }

    public required string SignInSession { get; init; }

    public required string SignOut { get; init; }

    public required string SignUp { get; init; }

    public required string Since { get; init; }

    public required string Spend { get; init; }

    public required string SpendPerDay { get; init; }

    public required string StartTraining { get; init; }

    public required string StatementsCreated { get; init; }

    public required string Status { get; init; }

    public required string Step { get; init; }

    public required string Subscribe { get; init; }

    public required string SubscriptionPlans { get; init; }

    public required string Subtotal { get; init; }

    public required string Support { get; init; }

    public required string SwitchTo { get; init; }

    public required string Target { get; init; }

    public required string TestRows { get; init; }

    public required string Text { get; init; }

    public required string Texts { get; init; }

    public required string TextsCompared { get; init; }

    public required string Time { get; init; }

    public required string TopDisagreements { get; init; }

    public required string Total { get; init; }

    public required string Train { get; init; }

    public required string TrainedVersion { get; init; }

    public required string Trainer { get; init; }

    public required string Training { get; init; }

    public required string TrainingCurve { get; init; }

    public required string TrainingLoss { get; init; }

    public required string TryIt { get; init; }

    public required string UnitPrice { get; init; }

    public required string Units { get; init; }

    public required string UnitsPerMinute { get; init; }

    public required string Upload { get; init; }

    public required string UploadDataset { get; init; }

    public required string UploadDatasetHelp { get; init; }

    public required string Uploaded { get; init; }

    public required string UsedThisMonth { get; init; }

    public required string ValidationAccuracy { get; init; }

    public required string ValidationLoss { get; init; }

    public required string Version { get; init; }

    public required string Versions { get; init; }

    public required string Who { get; init; }

    public static PortalText For(string language) => language == PortalLanguage.Chinese ? Chinese : English;

    /// <summary>An organisation role's name in this language.</summary>
    public string RoleName(string role) => role switch
    {
        AccountRoles.Operator => RoleOperator,
        AccountRoles.Provider => RoleProvider,
        _ => RoleDeveloper,
    };

    /// <summary>An audit action's name in this language (<see cref="AuditActions"/>), or the action itself when it has none.</summary>
    public string ActionName(string action) => action switch
    {
        AuditActions.SignedUp => ActionSignedUp,
        AuditActions.SignedIn => ActionSignedIn,
        AuditActions.SignInFailed => ActionSignInFailed,
        AuditActions.SignedOut => ActionSignedOut,
        AuditActions.MemberAdded => ActionMemberAdded,
        AuditActions.MemberRemoved => ActionMemberRemoved,
        AuditActions.KeyCreated => ActionKeyCreated,
        AuditActions.KeyRevoked => ActionKeyRevoked,
        AuditActions.DatasetUploaded => ActionDatasetUploaded,
        AuditActions.TrainingQueued => ActionTrainingQueued,
        AuditActions.TrainingCancelled => ActionTrainingCancelled,
        AuditActions.AliasMoved => ActionAliasMoved,
        AuditActions.RoutingSet => ActionRoutingSet,
        AuditActions.RoutingCleared => ActionRoutingCleared,
        AuditActions.ListingUpdated => ActionListingUpdated,
        AuditActions.WebhookCreated => ActionWebhookCreated,
        AuditActions.WebhookDeleted => ActionWebhookDeleted,
        AuditActions.SpendCapSet => ActionSpendCapSet,
        AuditActions.SpendCapRemoved => ActionSpendCapRemoved,
        AuditActions.CodeRedeemed => ActionCodeRedeemed,
        AuditActions.PlanSubscribed => ActionPlanSubscribed,
        AuditActions.PlanCancelled => ActionPlanCancelled,
        AuditActions.PlanCreated => ActionPlanCreated,
        AuditActions.PlanArchived => ActionPlanArchived,
        AuditActions.CreditGranted => ActionCreditGranted,
        AuditActions.RedemptionBatchCreated => ActionRedemptionBatchCreated,
        AuditActions.PriceBoundSet => ActionPriceBoundSet,
        AuditActions.PlatformFeeSet => ActionPlatformFeeSet,
        AuditActions.BillingRun => ActionBillingRun,
        AuditActions.InvoiceFinalized => ActionInvoiceFinalized,
        AuditActions.InvoicePaid => ActionInvoicePaid,
        AuditActions.InvoiceVoided => ActionInvoiceVoided,
        AuditActions.ChannelCreated => ActionChannelCreated,
        AuditActions.ChannelUpdated => ActionChannelUpdated,
        AuditActions.ChannelDeleted => ActionChannelDeleted,
        AuditActions.GatewayModelSet => ActionGatewayModelSet,
        _ => action,
    };
}
