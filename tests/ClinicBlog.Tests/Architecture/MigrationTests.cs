using NetArchTest.Rules;

namespace ClinicBlog.Tests.Architecture;

/// <summary>A migration is history: it must not change when live code does, so it uses no type of the module's own.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void Migrations_use_no_live_code_of_the_module()
    {
        var module = typeof(ClinicBlog.ClinicBlogModule).Assembly;
        // The contexts named in each migration's [DbContext] attribute are the one reference a migration needs.
        string[] contexts = ["ClinicBlog.Data.SqliteClinicBlogDbContext", "ClinicBlog.Data.PostgresClinicBlogDbContext"];
        // Top-level types only: a nested type's name starts with its parent's, which the rule matches as a prefix.
        var live = module.GetTypes()
            .Where(t => !t.IsNested && t.FullName!.StartsWith("ClinicBlog.", StringComparison.Ordinal)
                && !t.FullName.StartsWith("ClinicBlog.Data.Migrations.", StringComparison.Ordinal) && !contexts.Contains(t.FullName))
            .Select(t => t.FullName!).ToArray();
        Assert.Contains("ClinicBlog.Moderation.CommentStatusCount", live);

        var result = Types.InAssembly(module).That().ResideInNamespaceStartingWith("ClinicBlog.Data.Migrations")
            .ShouldNot().HaveDependencyOnAny(live).GetResult();

        Assert.True(result.IsSuccessful, "Migrations using live code: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
