using System.Collections.Concurrent;
using System.Data.Common;
using System.Numerics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ModelMint.Data;

/// <summary>
/// Inserts new rows of one entity type with multi-row <c>INSERT</c> statements, without the change tracker: for the
/// usage group commit, which writes thousands of append-only rows (usage events, ledger entries, idempotency
/// records) per second. Column names, value conversions and parameter types all come from the EF model (each
/// property's own type mapping), so a row reads back through EF exactly as if <c>SaveChanges</c> had written it, on
/// SQLite and PostgreSQL alike. Runs on the context's connection and inside its current transaction.
/// </summary>
public static class RowInserts
{
    // Below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
    private const int MaxParameters = 30_000;

    private static readonly ConcurrentDictionary<(IModel, Type), Table> Tables = new();

    /// <summary>
    /// Inserts <paramref name="rows"/>; a key or unique index they clash with fails the statement with the provider's
    /// own exception (see <c>DbErrors.IsUniqueViolation</c>). Values the database would generate are not supported:
    /// set every key before inserting.
    /// </summary>
    public static async Task InsertRowsAsync<T>(this DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken = default)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Tables.GetOrAdd((db.Model, typeof(T)), static key => Table.For(key.Item1, key.Item2));
        // SQLite finds each bound parameter by name with a linear scan, so a statement of n parameters costs n²
        // comparisons: there one prepared single-row statement, run once per row, is cheapest (in-process, no round trip
        // to save). PostgreSQL gets multi-row statements, one round trip each, of a power-of-two number of rows (a batch
        // of 37 is 32 + 4 + 1), so a table has at most a dozen distinct statements whatever the batch sizes.
        var perStatement = db.Database.IsSqlite() ? 1 : FloorPowerOfTwo(MaxParameters / table.Columns.Length);
        await db.Database.OpenConnectionAsync(cancellationToken);
        DbCommand? command = null;
        try
        {
            for (int start = 0, count; start < rows.Count; start += count)
            {
                count = Math.Min(perStatement, FloorPowerOfTwo(rows.Count - start));
                var sql = table.Sql(count);
                if (command?.CommandText != sql)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = db.Database.GetDbConnection().CreateCommand();
                    command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                    command.CommandText = sql;
                }

                command.Parameters.Clear();
                var index = 0;
                for (var row = start; row < start + count; row++)
                {
                    foreach (var column in table.Columns)
                    {
                        command.Parameters.Add(column.Mapping.CreateParameter(command, "@p" + index++, column.Read(rows[row]), column.Nullable));
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// <paramref name="value"/> of <typeparamref name="T"/>'s <paramref name="property"/> as the database stores it (through
    /// the property's value converter, e.g. SQLite's 64-bit <c>DateTimeOffset</c>), for a raw SQL statement that must
    /// write it exactly as EF would.
    /// </summary>
    public static object? StoreValue<T>(this DbContext db, string property, object? value)
    {
        var mapping = (db.Model.FindEntityType(typeof(T))?.FindProperty(property)
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not a mapped property.")).GetRelationalTypeMapping();
        return mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private static int FloorPowerOfTwo(int value) => 1 << BitOperations.Log2((uint)Math.Max(1, value));

    private sealed record Column(RelationalTypeMapping Mapping, Func<object, object?> Read, bool Nullable);

    private sealed class Table(string head, Column[] columns)
    {
        private readonly ConcurrentDictionary<int, string> statements = new();

        public Column[] Columns { get; } = columns;

        public static Table For(IModel model, Type clrType)
        {
            var entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not an entity of this model.");
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            if (properties.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            {
                throw new InvalidOperationException($"{clrType.Name}.{shadow.Name} is a shadow property; RowInserts writes only CLR properties.");
            }

            var columns = properties.Select(p =>
            {
                var getter = p.GetGetter();
                return new Column(p.GetRelationalTypeMapping(), getter.GetClrValueUsingContainingEntity, p.IsNullable);
            }).ToArray();
            var name = Quote(store.Name);
            if (store.Schema is { } schema)
            {
                name = Quote(schema) + "." + name;
            }

            var head = $"INSERT INTO {name} ({string.Join(", ", properties.Select(p => Quote(p.GetColumnName(store)!)))}) VALUES ";
            return new Table(head, columns);
        }

        /// <summary>The statement for <paramref name="rows"/> rows, parameters numbered row by row.</summary>
        public string Sql(int rows) => statements.GetOrAdd(rows, count =>
        {
            var sql = new StringBuilder(head);
            var index = 0;
            for (var row = 0; row < count; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < Columns.Length; column++)
                {
                    sql.Append(column == 0 ? "@p" : ", @p").Append(index++);
                }

                sql.Append(')');
            }

            return sql.ToString();
        });

        // Both providers quote identifiers with double quotes.
        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
