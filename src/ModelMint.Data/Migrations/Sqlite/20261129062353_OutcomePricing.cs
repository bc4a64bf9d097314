using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelMint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutcomePricing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FeedbackWindowHours",
                table: "model_listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnresolvedPolicy",
                table: "model_listings",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "outcome_charges",
                columns: table => new
                {
                    PredictionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    ModelVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Unresolved = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<bool>(type: "INTEGER", nullable: true),
                    CorrectLabel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FeedbackAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outcome_charges", x => x.PredictionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_outcome_charges_PayerAccountId",
                table: "outcome_charges",
                column: "PayerAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_outcome_charges_State_Deadline",
                table: "outcome_charges",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_outcome_charges_State_ResolvedAt",
                table: "outcome_charges",
                columns: new[] { "State", "ResolvedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outcome_charges");

            migrationBuilder.DropColumn(
                name: "FeedbackWindowHours",
                table: "model_listings");

            migrationBuilder.DropColumn(
                name: "UnresolvedPolicy",
                table: "model_listings");
        }
    }
}
