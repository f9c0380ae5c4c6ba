using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baton.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CloseoutItemProof : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ProvenBy",
                table: "CloseoutChecklistItems",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProvenBy",
                table: "CloseoutChecklistItems");
        }
    }
}
