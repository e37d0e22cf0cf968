using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicBlog.Data.Migrations.Postgres
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
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
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
            foreach (var sql in PostgresUp) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in PostgresDown) migrationBuilder.Sql(sql);

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

        private static readonly string[] PostgresUp =
        [
            Fill,
            """
            CREATE FUNCTION "comment_status_count"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE "CommentStatusCounts" SET "Count" = "Count" - 1 WHERE "Status" = OLD."Status";
                END IF;
                IF TG_OP IN ('UPDATE', 'INSERT') THEN
                    INSERT INTO "CommentStatusCounts" ("Status", "Count") VALUES (NEW."Status", 1)
                    ON CONFLICT ("Status") DO UPDATE SET "Count" = "CommentStatusCounts"."Count" + 1;
                END IF;
                RETURN NULL;
            END $$;
            """,
            """
            CREATE TRIGGER "TR_Comments_StatusCount_InsertDelete" AFTER INSERT OR DELETE ON "Comments"
            FOR EACH ROW EXECUTE FUNCTION "comment_status_count"();
            """,
            """
            CREATE TRIGGER "TR_Comments_StatusCount_Update" AFTER UPDATE OF "Status" ON "Comments"
            FOR EACH ROW WHEN (OLD."Status" IS DISTINCT FROM NEW."Status") EXECUTE FUNCTION "comment_status_count"();
            """,
        ];

        private static readonly string[] PostgresDown =
        [
            """DROP TRIGGER IF EXISTS "TR_Comments_StatusCount_InsertDelete" ON "Comments";""",
            """DROP TRIGGER IF EXISTS "TR_Comments_StatusCount_Update" ON "Comments";""",
            """DROP FUNCTION IF EXISTS "comment_status_count"();""",
        ];
    }
}
