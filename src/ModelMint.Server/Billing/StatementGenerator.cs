using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Billing;

/// <summary>The platform fee setting holds something that is not a percentage; statements are not written with a guess.</summary>
public sealed class InvalidPlatformFeeException(string message) : Exception(message);

/// <summary>How many statements a run wrote, or why it wrote none yet.</summary>
public sealed record StatementRun(int Created, int DraftsRemaining);

/// <summary>
/// Writes each provider's statement for a period and currency with the Domain <see cref="ProviderStatement"/>:
/// gross = the provider's lines on the period's finalized and paid invoices, fee = gross × the operator's
/// percentage rounded once, payout = gross − fee. Statements are written only once no invoice of the period is a
/// draft (a draft may still change), are unique per (provider, period start, currency), and book the fee as a
/// movement from the provider's earnings to the platform's fees.
/// </summary>
public sealed class StatementGenerator(ModelMintDbContext db, InvoiceService invoices, IOptions<BillingOptions> options, TimeProvider time)
{
    public const string FeePercentSetting = "platform-fee-percent";

    public async Task<decimal> FeePercentAsync(CancellationToken cancellationToken)
    {
        var setting = await db.PlatformSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == FeePercentSetting, cancellationToken);
        if (setting is null)
        {
            return options.Value.DefaultPlatformFeePercent;
        }

        return decimal.TryParse(setting.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0m and <= 100m
            ? percent
            : throw new InvalidPlatformFeeException(
                $"The platform setting '{FeePercentSetting}' is '{setting.Value}'; it must be a percentage from 0 to 100 such as \"20\" or \"12.5\". Fix it, then run billing again.");
    }

    public async Task<StatementRun> WriteAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        var documents = await invoices.ForPeriodAsync(period, cancellationToken);
        var drafts = documents.Count(d => d.Status == InvoiceStatus.Draft);
        if (drafts > 0)
        {
            return new StatementRun(0, drafts);
        }

        var feePercent = await FeePercentAsync(cancellationToken);
        var existing = (await db.ProviderStatements.AsNoTracking()
                .Where(s => s.PeriodStart == period.Start)
                .Select(s => new { s.ProviderAccountId, s.Currency })
                .ToListAsync(cancellationToken))
            .Select(s => (s.ProviderAccountId, s.Currency))
            .ToHashSet();
        var created = 0;
        foreach (var byCurrency in documents.GroupBy(d => d.Currency))
        {
            var currency = byCurrency.Key;
            var domain = byCurrency.Select(d => d.ToDomain()).ToList();
            var providers = domain
                .Where(i => i.Status is InvoiceStatus.Finalized or InvoiceStatus.Paid)
                .SelectMany(i => i.Lines)
                .Select(l => l.ProviderAccountId ?? Books.Platform)
                .Where(p => p != Books.Platform)
                .Distinct()
                .Order();
            foreach (var provider in providers.Where(p => !existing.Contains((p, currency.Code))))
            {
                var statement = ProviderStatement.FromInvoices(provider, period, currency, domain, feePercent);
                if (await SaveAsync(statement, cancellationToken))
                {
                    created++;
                }
            }
        }

        return new StatementRun(created, 0);
    }

    private async Task<bool> SaveAsync(ProviderStatement statement, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var currency = statement.Gross.Currency;
        var record = new ProviderStatementRecord
        {
            Id = Guid.CreateVersion7(),
            ProviderAccountId = statement.ProviderAccountId,
            PeriodStart = statement.Period.Start,
            PeriodEnd = statement.Period.End,
            Currency = currency.Code,
            GrossMinor = statement.Gross.ToMinorUnits(),
            FeeMinor = statement.PlatformFee.ToMinorUnits(),
            PayoutMinor = statement.Payout.ToMinorUnits(),
            FeePercent = statement.PlatformFeePercent.ToString(CultureInfo.InvariantCulture),
            CreatedAt = now,
        };
        db.ProviderStatements.Add(record);
        if (record.FeeMinor > 0)
        {
            Books.Transfer(db, (record.ProviderAccountId, Books.ProviderEarnings), (Books.Platform, Books.PlatformFees),
                record.FeeMinor * StoredMoney.MicrosPerMinorUnit(currency), currency.Code, "platform-fee", $"statement:{record.Id}", now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another run wrote this statement first; its fee movement was rolled back with it.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
