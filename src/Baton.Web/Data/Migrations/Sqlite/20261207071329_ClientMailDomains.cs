using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baton.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientMailDomains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CreatesContactsFromMail",
                table: "Clients",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "MailDomains",
                table: "Clients",
                type: "TEXT",
                maxLength: 5200,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatesContactsFromMail",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "MailDomains",
                table: "Clients");
        }
    }
}
