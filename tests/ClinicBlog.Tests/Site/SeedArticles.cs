namespace ClinicBlog.Tests.Site;

/// <summary>The five seed articles the setup recipe publishes, newest first, with words each page must show.</summary>
public static class SeedArticles
{
    public sealed record Seed(string Slug, string Title, string Byline, string AuthorSlug, string[] BodyText);

    public static readonly Seed[] NewestFirst =
    [
        new("iastm-and-foot-pain", "IASTM And Foot Pain", "Joe Fleming", "joe-fleming",
            ["Instrument-Assisted Soft Tissue Mobilization and Foot Pain", "metatarsalgia", "Benefits of Using IASTM"]),
        new("massage-therapy-for-your-foot-pain-and-injuries", "Massage Therapy For Your Foot Pain And Injuries", "The Clinic Team", "clinic",
            ["Muscle imbalance causes foot pain", "Mid-arch pain", "Heel spurs"]),
        new("instrument-assisted-soft-tissue-mobilization-iastm-2", "Instrument Assisted Soft Tissue Mobilization (IASTM)", "Regina Durbin, PT", "regina-durbin",
            ["(“-itis”)", "Graston and Gua Sha", "jumper’s knee"]),
        new("iastm", "IASTM", "The Clinic Team", "clinic",
            ["What is IASTM?", "Tennis and Golfer’s elbow", "Boulder, Westminster, or Broomfield"]),
        new("instrument-assisted-soft-tissue-mobilization-iastm", "Instrument assisted soft tissue mobilization (IASTM)", "The Clinic Team", "clinic",
            ["Clinical Benefits", "Melham", "Pain reduction"]),
    ];

    public static TheoryData<string> Slugs => new(NewestFirst.Select(a => a.Slug));

    public static Seed BySlug(string slug) => NewestFirst.Single(a => a.Slug == slug);

    /// <summary>A sentence of each author's bio, shown in the "About the Author" box.</summary>
    public static readonly Dictionary<string, string> BioSentence = new()
    {
        ["joe-fleming"] = "rebel against the stereotypes of ageing",
        ["regina-durbin"] = "primary physical therapist with the Louisville Ballet Company since 2005",
        ["clinic"] = "Articles written by the clinic itself",
    };
}
