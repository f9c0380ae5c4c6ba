using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baton.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeepInformedClock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "Sla_AwaitingAgainAt",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sla_AwaitingCustomerMoves",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Sla_LastProgressAt",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Sla_NextUpdateDueAt",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sla_StuckAfter",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Sla_StuckAt",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sla_StuckReason",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sla_UpdateEvery",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Sla_UpdateWarnAt",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Cadence",
                table: "SlaPolicies",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Sla_NextUpdateDueAt",
                table: "Tickets",
                column: "Sla_NextUpdateDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Sla_StuckAt",
                table: "Tickets",
                column: "Sla_StuckAt");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Sla_UpdateWarnAt",
                table: "Tickets",
                column: "Sla_UpdateWarnAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_Sla_NextUpdateDueAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Sla_StuckAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Sla_UpdateWarnAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_AwaitingAgainAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_AwaitingCustomerMoves",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_LastProgressAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_NextUpdateDueAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_StuckAfter",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_StuckAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_StuckReason",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_UpdateEvery",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Sla_UpdateWarnAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Cadence",
                table: "SlaPolicies");
        }
    }
}
