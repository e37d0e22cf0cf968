using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicBlog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommentCountsAndEmailIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_EmailHash",
                table: "Comments");

            migrationBuilder.CreateTable(
                name: "CommentStatusCounts",
                columns: table => new
                {
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentStatusCounts", x => x.Status);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_EmailHash_Status",
                table: "Comments",
                columns: new[] { "EmailHash", "Status" });

            // Filled from the comments already there, then kept by triggers. The SQL lives here, not in live code: a migration is history and must not change with it.
            foreach (var sql in SqliteUp) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SqliteDown) migrationBuilder.Sql(sql);

            migrationBuilder.DropTable(
                name: "CommentStatusCounts");

            migrationBuilder.DropIndex(
                name: "IX_Comments_EmailHash_Status",
                table: "Comments");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_EmailHash",
                table: "Comments",
                column: "EmailHash");
        }

        private const string Fill = """
            INSERT INTO "CommentStatusCounts" ("Status", "Count") SELECT "Status", COUNT(*) FROM "Comments" GROUP BY "Status";
            """;

        private static readonly string[] SqliteUp =
        [
            Fill,
            """
            CREATE TRIGGER "TR_Comments_StatusCount_Insert" AFTER INSERT ON "Comments" BEGIN
                INSERT INTO "CommentStatusCounts" ("Status", "Count") VALUES (NEW."Status", 1)
                ON CONFLICT ("Status") DO UPDATE SET "Count" = "Count" + 1;
            END;
            """,
            """
            CREATE TRIGGER "TR_Comments_StatusCount_Delete" AFTER DELETE ON "Comments" BEGIN
                UPDATE "CommentStatusCounts" SET "Count" = "Count" - 1 WHERE "Status" = OLD."Status";
            END;
            """,
            """
            CREATE TRIGGER "TR_Comments_StatusCount_Update" AFTER UPDATE OF "Status" ON "Comments"
            WHEN OLD."Status" <> NEW."Status" BEGIN
                UPDATE "CommentStatusCounts" SET "Count" = "Count" - 1 WHERE "Status" = OLD."Status";
                INSERT INTO "CommentStatusCounts" ("Status", "Count") VALUES (NEW."Status", 1)
                ON CONFLICT ("Status") DO UPDATE SET "Count" = "Count" + 1;
            END;
            """,
        ];

        private static readonly string[] SqliteDown =
        [
            """DROP TRIGGER IF EXISTS "TR_Comments_StatusCount_Insert";""",
            """DROP TRIGGER IF EXISTS "TR_Comments_StatusCount_Delete";""",
            """DROP TRIGGER IF EXISTS "TR_Comments_StatusCount_Update";""",
        ];
    }
}
