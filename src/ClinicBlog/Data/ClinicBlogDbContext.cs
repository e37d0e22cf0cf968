using ClinicBlog.Articles;
using ClinicBlog.AuditTrail;
using ClinicBlog.Authors;
using ClinicBlog.Caching;
using ClinicBlog.Comments;
using ClinicBlog.Content;
using ClinicBlog.Mail;
using ClinicBlog.Moderation;
using ClinicBlog.Privacy;
using ClinicBlog.Site;
using ClinicBlog.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ClinicBlog.Data;

/// <summary>The one database of the site: content, comments, settings, accounts and Data Protection keys.</summary>
/// <remarks>
/// Each provider has its own subclass so that it keeps its own migrations (Data/Migrations/Sqlite,
/// Data/Migrations/Postgres); features only ever see this base type.
/// </remarks>
public abstract class ClinicBlogDbContext(DbContextOptions options)
    : IdentityDbContext<ClinicBlogUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    internal DbSet<GuestArticle> Articles => Set<GuestArticle>();
    internal DbSet<ArticleSlugRedirect> ArticleSlugRedirects => Set<ArticleSlugRedirect>();
    internal DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    internal DbSet<AuthorBio> Authors => Set<AuthorBio>();
    internal DbSet<Comment> Comments => Set<Comment>();
    internal DbSet<SiteSettings> SiteSettings => Set<SiteSettings>();
    internal DbSet<ContentDefinitionRecord> ContentDefinitions => Set<ContentDefinitionRecord>();
    internal DbSet<ReplySubscriber> ReplySubscribers => Set<ReplySubscriber>();
    internal DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();
    internal DbSet<SiteSecret> SiteSecrets => Set<SiteSecret>();
    internal DbSet<JobState> JobStates => Set<JobState>();
    internal DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    internal DbSet<CacheInvalidation> CacheInvalidations => Set<CacheInvalidation>();
    internal DbSet<CommentStatusCount> CommentStatusCounts => Set<CommentStatusCount>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Set by <see cref="SqliteWriteGate"/> while this context's <c>SaveChanges</c> holds SQLite's one writer's turn.</summary>
    internal bool HoldsWriteGate { get; set; }

    /// <summary>The page tags the save in progress touches, gathered by <see cref="Caching.DataChangeWatcher"/>.</summary>
    internal HashSet<string> ChangedCacheTags { get; } = new(StringComparer.Ordinal);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ClinicBlogUser>(u => u.Property(x => x.DisplayName).HasMaxLength(100));

        builder.Entity<AuthorBio>(a =>
        {
            a.HasKey(x => x.ContentItemId);
            a.Property(x => x.ContentItemId).HasMaxLength(ContentLimits.ContentItemId);
            a.Property(x => x.DisplayName).HasMaxLength(ContentLimits.Author.Name);
            a.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
            a.HasIndex(x => x.Slug).IsUnique();
            a.HasIndex(x => x.UserId);
        });

        builder.Entity<GuestArticle>(a =>
        {
            a.HasKey(x => x.ContentItemId);
            a.Property(x => x.ContentItemId).HasMaxLength(ContentLimits.ContentItemId);
            a.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorBioId).OnDelete(DeleteBehavior.Restrict);
            a.HasIndex(x => new { x.Status, x.PublishedUtc });
            // The scheduled publisher's "what is due" and the review queue's "oldest first".
            a.HasIndex(x => new { x.Status, x.ScheduledUtc });
            a.HasIndex(x => new { x.Status, x.SubmittedUtc });
            a.Property(x => x.ReviewNote).HasMaxLength(PublishingWorkflow.MaxReviewNoteLength);
            a.OwnsOne(x => x.Latest, v => ConfigureVersion(v));
            a.OwnsOne(x => x.Published, v =>
            {
                ConfigureVersion(v);
                v.HasIndex(x => x.Slug).IsUnique();
            });
            a.Navigation(x => x.Latest).IsRequired();
        });

        builder.Entity<ArticleRevision>(r =>
        {
            r.Property(x => x.ArticleId).HasMaxLength(ContentLimits.ContentItemId);
            r.HasOne<GuestArticle>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            // Two saves racing for one number: the second fails rather than writing a duplicate.
            r.HasIndex(x => new { x.ArticleId, x.Number }).IsUnique();
            r.Property(x => x.UserName).HasMaxLength(100);
            r.Property(x => x.Note).HasMaxLength(ArticleRevision.MaxNoteLength);
            r.OwnsOne(x => x.Words, v => ConfigureVersion(v));
            r.Navigation(x => x.Words).IsRequired();
        });

        builder.Entity<ArticleSlugRedirect>(r =>
        {
            r.HasKey(x => x.OldSlug);
            r.Property(x => x.OldSlug).HasMaxLength(Slug.MaxLength);
        });

        builder.Entity<Comment>(c =>
        {
            c.HasOne(x => x.Article).WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            // Checked at the end of a statement (NO ACTION), so a thread can be deleted in one statement.
            c.HasOne<Comment>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.NoAction);
            c.Property(x => x.AuthorName).HasMaxLength(100);
            c.Property(x => x.EmailHash).HasMaxLength(64);
            // The public thread of an article and the moderation queue's keyset paging (newest first).
            c.HasIndex(x => new { x.ArticleId, x.Status, x.CreatedUtc });
            c.HasIndex(x => new { x.Status, x.CreatedUtc, x.Id });
            // With Status: "has this address an approved comment?" is then answered from the index alone. On EmailHash
            // only, SQLite chose the Status index and walked 120,000 approved rows (45 ms) for every comment posted.
            c.HasIndex(x => new { x.EmailHash, x.Status });
            c.HasIndex(x => new { x.IpHash, x.CreatedUtc });
        });

        builder.Entity<ReplySubscriber>(r =>
        {
            r.HasKey(x => x.EmailHash);
            r.Property(x => x.EmailHash).HasMaxLength(64);
        });

        builder.Entity<CommentStatusCount>(s =>
        {
            s.ToTable("CommentStatusCounts");
            s.HasKey(x => x.Status);
            s.Property(x => x.Status).ValueGeneratedNever();
        });

        builder.Entity<OutboxMail>(m => m.HasIndex(x => new { x.SentUtc, x.NextAttemptUtc }));

        builder.Entity<SiteSecret>(s =>
        {
            s.HasKey(x => x.Name);
            s.Property(x => x.Name).HasMaxLength(64);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(x => x.Action);
            e.HasIndex(x => x.ItemId);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.ItemType).HasMaxLength(64);
            e.Property(x => x.ItemId).HasMaxLength(64);
        });

        builder.Entity<CacheInvalidation>(i =>
        {
            i.Property(x => x.Tag).HasMaxLength(100);
            i.HasIndex(x => x.CreatedUtc);
        });

        builder.Entity<JobState>(j =>
        {
            j.HasKey(x => x.Name);
            j.Property(x => x.Name).HasMaxLength(64);
        });

        builder.Entity<SiteSettings>(s =>
        {
            s.HasKey(x => x.Id);
            s.Property(x => x.Id).ValueGeneratedNever();
            s.OwnsOne(x => x.CommentPolicy);
        });

        builder.Entity<ContentDefinitionRecord>(d =>
        {
            d.HasKey(x => new { x.Kind, x.Name });
            d.Property(x => x.Kind).HasMaxLength(8);
            d.Property(x => x.Name).HasMaxLength(100);
        });
    }

    private static void ConfigureVersion<TOwner>(Microsoft.EntityFrameworkCore.Metadata.Builders.OwnedNavigationBuilder<TOwner, ArticleVersion> v)
        where TOwner : class
    {
        v.Property(x => x.Title).HasMaxLength(ContentLimits.Article.Title).IsRequired();
        v.Property(x => x.Slug).HasMaxLength(Slug.MaxLength).IsRequired();
        v.Ignore(x => x.TagList);
    }
}

/// <summary>SQLite: the embedded default, one file in the data directory.</summary>
public sealed class SqliteClinicBlogDbContext(DbContextOptions<SqliteClinicBlogDbContext> options)
    : ClinicBlogDbContext(options);

/// <summary>PostgreSQL: for several web nodes sharing one database.</summary>
public sealed class PostgresClinicBlogDbContext(DbContextOptions<PostgresClinicBlogDbContext> options)
    : ClinicBlogDbContext(options);
