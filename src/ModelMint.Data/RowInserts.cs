using System.Collections.Concurrent;
using System.Data.Common;
using System.Numerics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace ModelMint.Data;

/// <summary>
/// Inserts new rows of one entity type without the change tracker (multi-row <c>INSERT</c> statements on PostgreSQL, one
/// prepared statement stepped per row on SQLite): for the
/// usage group commit, which writes thousands of append-only rows (usage events, ledger entries, idempotency
/// records) per second. Column names, value conversions and parameter types all come from the EF model (each
/// property's own type mapping), so a row reads back through EF exactly as if <c>SaveChanges</c> had written it, on
/// SQLite and PostgreSQL alike. Runs on the context's connection and inside its current transaction.
/// </summary>
public static class RowInserts
{
    // Below PostgreSQL's 65,535 bound parameters per statement (the multi-row statements are PostgreSQL's only).
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
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            try
            {
                InsertSqlite(sqlite, table, rows);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return;
        }

        // PostgreSQL gets multi-row statements, one round trip each, of a power-of-two number of rows (a batch of 37 is
        // 32 + 4 + 1), so a table has at most a dozen distinct statements whatever the batch sizes.
        var perStatement = FloorPowerOfTwo(MaxParameters / table.Columns.Length);
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
    /// SQLite runs in-process, so there is no round trip to save: one prepared single-row statement, stepped once per
    /// row, straight through SQLite's own API on the connection's handle (inside its current transaction). Through
    /// <see cref="SqliteCommand"/> every row cost a new parameter object per column, a lookup of each by name and a
    /// data reader; together more than SQLite's own work for the row. Values are bound as Microsoft.Data.Sqlite binds
    /// what EF gives it (<see cref="BindSqlite"/>); a failed row throws Microsoft.Data.Sqlite's own exception.
    /// </summary>
    private static void InsertSqlite<T>(SqliteConnection connection, Table table, IReadOnlyList<T> rows)
        where T : class
    {
        var handle = connection.Handle;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, table.Sql(1), out var statement), handle);
        using (statement)
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < table.Columns.Length; i++)
                {
                    var column = table.Columns[i];
                    var value = column.Read(row);
                    BindSqlite(statement, i + 1, column.Mapping.Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value, column.Mapping.StoreType);
                }

                var step = raw.sqlite3_step(statement);
                // Reset before throwing, so the statement releases what it holds whatever the caller does next.
                raw.sqlite3_reset(statement);
                if (step != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(step, handle);
                }
            }
        }
    }

    /// <summary>
    /// Binds a provider value as Microsoft.Data.Sqlite does for the store types EF's SQLite mappings use: a GUID as
    /// upper-case text (or 16 bytes in a BLOB column), integers and booleans as INTEGER, strings as TEXT, byte arrays
    /// as BLOB. Anything else is refused rather than written in a form EF would not read back.
    /// </summary>
    private static void BindSqlite(sqlite3_stmt statement, int index, object? value, string storeType)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string text => raw.sqlite3_bind_text(statement, index, text),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double number => raw.sqlite3_bind_double(statement, index, number),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            Guid guid when string.Equals(storeType, "BLOB", StringComparison.OrdinalIgnoreCase) => raw.sqlite3_bind_blob(statement, index, guid.ToByteArray()),
            Guid guid => raw.sqlite3_bind_text(statement, index, guid.ToString().ToUpperInvariant()),
            _ => throw new NotSupportedException($"RowInserts cannot write a {value.GetType().Name} to SQLite as EF would; give the property a value converter to a supported type."),
        };
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"Binding parameter {index} failed (SQLite error {rc}).", rc);
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
