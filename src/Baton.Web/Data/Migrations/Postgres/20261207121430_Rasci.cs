using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Baton.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rasci : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountManagerId",
                table: "Clients",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ContactRoles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RasciActivities",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RasciActivities", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "RasciRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Scope = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    ClientId = table.Column<int>(type: "integer", nullable: true),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SavedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    SavedByName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Cells = table.Column<string>(type: "text", nullable: false),
                    Changes = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RasciRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RasciRevisions_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContactRoleMemberships",
                columns: table => new
                {
                    ContactId = table.Column<int>(type: "integer", nullable: false),
                    ContactRoleId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactRoleMemberships", x => new { x.ContactId, x.ContactRoleId });
                    table.ForeignKey(
                        name: "FK_ContactRoleMemberships_ContactRoles_ContactRoleId",
                        column: x => x.ContactRoleId,
                        principalTable: "ContactRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContactRoleMemberships_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "ContactRoles",
                columns: new[] { "Id", "IsActive", "Key", "Name" },
                values: new object[,]
                {
                    { 1, true, "it-manager", "IT manager" },
                    { 2, true, "approver", "Approver" },
                    { 3, true, "user", "User" }
                });

            migrationBuilder.InsertData(
                table: "RasciActivities",
                columns: new[] { "Key", "Name", "SortOrder" },
                values: new object[,]
                {
                    { "closeout-handoff", "Close-out and hand-off", 70 },
                    { "hypercare", "Hypercare", 80 },
                    { "incident-p1", "Incident P1 (critical)", 10 },
                    { "incident-p2", "Incident P2 (high)", 20 },
                    { "incident-p3", "Incident P3 (medium)", 30 },
                    { "incident-p4", "Incident P4 (low)", 40 },
                    { "project-engagement", "Project engagement", 60 },
                    { "service-request", "Service request", 50 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Clients_AccountManagerId",
                table: "Clients",
                column: "AccountManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_ContactRoleMemberships_ContactRoleId",
                table: "ContactRoleMemberships",
                column: "ContactRoleId");

            migrationBuilder.CreateIndex(
                name: "IX_ContactRoles_Key",
                table: "ContactRoles",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RasciRevisions_ClientId",
                table: "RasciRevisions",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_RasciRevisions_Scope_Number",
                table: "RasciRevisions",
                columns: new[] { "Scope", "Number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Clients_AspNetUsers_AccountManagerId",
                table: "Clients",
                column: "AccountManagerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Clients_AspNetUsers_AccountManagerId",
                table: "Clients");

            migrationBuilder.DropTable(
                name: "ContactRoleMemberships");

            migrationBuilder.DropTable(
                name: "RasciActivities");

            migrationBuilder.DropTable(
                name: "RasciRevisions");

            migrationBuilder.DropTable(
                name: "ContactRoles");

            migrationBuilder.DropIndex(
                name: "IX_Clients_AccountManagerId",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "AccountManagerId",
                table: "Clients");
        }
    }
}
