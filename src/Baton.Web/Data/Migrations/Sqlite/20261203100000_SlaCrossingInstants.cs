using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baton.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SlaCrossingInstants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SlaEvents_TicketId_Clock_Kind_DueAt",
                table: "SlaEvents");

            migrationBuilder.RenameColumn(
                name: "OccurredAt",
                table: "SlaEvents",
                newName: "NoticedAt");

            migrationBuilder.AddColumn<DateTime>(
                name: "Sla_ClocksMovedAt",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CrossedAt",
                table: "SlaEvents",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Before the unique index: the rows recorded so far get their crossing instants (the same SQL on both providers).
            migrationBuilder.Sql(DataBackfills.SlaCrossingInstants);

            migrationBuilder.CreateIndex(
                name: "IX_SlaEvents_TicketId_Clock_Kind_CrossedAt",
                table: "SlaEvents",
                columns: new[] { "TicketId", "Clock", "Kind", "CrossedAt" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SlaEvents_TicketId_Clock_Kind_CrossedAt",
                table: "SlaEvents");

            migrationBuilder.DropColumn(
                name: "Sla_ClocksMovedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "CrossedAt",
                table: "SlaEvents");

            migrationBuilder.RenameColumn(
                name: "NoticedAt",
                table: "SlaEvents",
                newName: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_SlaEvents_TicketId_Clock_Kind_DueAt",
                table: "SlaEvents",
                columns: new[] { "TicketId", "Clock", "Kind", "DueAt" },
                unique: true);
        }
    }
}
