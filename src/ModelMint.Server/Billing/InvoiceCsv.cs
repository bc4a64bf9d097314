using System.Globalization;
using System.Text;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// An invoice as CSV (RFC 4180: CRLF line ends; a field with a comma, quote or line break is quoted, quotes
/// doubled): a header, one row per line, then a row each for the subtotal, each credit (negative) and the total.
/// </summary>
public static class InvoiceCsv
{
    public const string Header = "invoice,period,currency,position,description,model,meter,quantity,price,amount";

    public static byte[] Write(InvoiceDocument document)
    {
        var invoice = document.ToDomain();
        var record = document.Record;
        var month = BillingMonth.Format(invoice.Period);
        var text = new StringBuilder().Append(Header).Append("\r\n");
        void Row(string position, string description, string model, string meter, string quantity, string price, string amount) =>
            text.AppendJoin(',', new[] { record.Number, month, record.Currency, position, description, model, meter, quantity, price, amount }.Select(Field)).Append("\r\n");

        foreach (var line in document.Lines.OrderBy(l => l.Position))
        {
            Row(line.Position.ToString(CultureInfo.InvariantCulture), line.Description, line.ModelName ?? string.Empty, line.Meter,
                line.Quantity.ToString(CultureInfo.InvariantCulture), line.PriceDescription, StoredMoney.Format(line.AmountMinor, invoice.Currency));
        }

        Row(string.Empty, "Subtotal", string.Empty, string.Empty, string.Empty, string.Empty, InvoiceResponse.Text(invoice.Subtotal));
        foreach (var credit in invoice.Credits.Where(c => c.Applied.IsPositive))
        {
            Row(string.Empty, credit.Credit.Description, string.Empty, string.Empty, string.Empty, string.Empty, InvoiceResponse.Text(-credit.Applied));
        }

        Row(string.Empty, "Total", string.Empty, string.Empty, string.Empty, string.Empty, InvoiceResponse.Text(invoice.Total));
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
