using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelMint.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MultiLabelDatasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MultiLabel",
                table: "datasets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MultiLabel",
                table: "datasets");
        }
    }
}
