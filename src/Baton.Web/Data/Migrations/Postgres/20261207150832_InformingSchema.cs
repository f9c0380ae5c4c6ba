using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Baton.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InformingSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HypercareEndingToldAt",
                table: "Projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DigestPending",
                table: "Notifications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ProjectId",
                table: "Notifications",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DigestSentOn",
                table: "AspNetUsers",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "DigestTime",
                table: "AspNetUsers",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsultRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TicketId = table.Column<long>(type: "bigint", nullable: false),
                    AskedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ConsulteeId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Question = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    AskedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemindAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RemindersSent = table.Column<int>(type: "integer", nullable: false),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsultRequests_AspNetUsers_AskedById",
                        column: x => x.AskedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConsultRequests_AspNetUsers_ConsulteeId",
                        column: x => x.ConsulteeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConsultRequests_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DigestPending_UserId",
                table: "Notifications",
                columns: new[] { "DigestPending", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ProjectId",
                table: "Notifications",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsultRequests_AskedById",
                table: "ConsultRequests",
                column: "AskedById");

            migrationBuilder.CreateIndex(
                name: "IX_ConsultRequests_ConsulteeId_AnsweredAt",
                table: "ConsultRequests",
                columns: new[] { "ConsulteeId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsultRequests_RemindAt",
                table: "ConsultRequests",
                column: "RemindAt");

            migrationBuilder.CreateIndex(
                name: "IX_ConsultRequests_TicketId",
                table: "ConsultRequests",
                column: "TicketId");

            migrationBuilder.AddForeignKey(
                name: "FK_Notifications_Projects_ProjectId",
                table: "Notifications",
                column: "ProjectId",
                principalTable: "Projects",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Notifications_Projects_ProjectId",
                table: "Notifications");

            migrationBuilder.DropTable(
                name: "ConsultRequests");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_DigestPending_UserId",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_ProjectId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "HypercareEndingToldAt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DigestPending",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "ProjectId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "DigestSentOn",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DigestTime",
                table: "AspNetUsers");
        }
    }
}
