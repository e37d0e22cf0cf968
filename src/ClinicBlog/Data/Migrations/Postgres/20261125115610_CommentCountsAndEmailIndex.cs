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

            // Filled from the comments already there, then kept by triggers (see Moderation/CommentStatusCount.cs).
            foreach (var sql in ClinicBlog.Moderation.CommentStatusCountTriggers.PostgresUp) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in ClinicBlog.Moderation.CommentStatusCountTriggers.PostgresDown) migrationBuilder.Sql(sql);

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
    }
}
