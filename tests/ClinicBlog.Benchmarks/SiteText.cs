using System.Text;

namespace ClinicBlog.Benchmarks;

/// <summary>Words for the generated site: plausible clinic articles, bios and comments, the same for a given seed.</summary>
internal sealed class SiteText(Random random)
{
    private static readonly string[] FirstNames =
    [
        "Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hector", "Irene", "James", "Karen", "Luis", "Maria",
        "Nathan", "Olivia", "Peter", "Quinn", "Rosa", "Samuel", "Tara", "Umar", "Vera", "Walter", "Xenia", "Yusuf", "Zoe",
        "Aiko", "Bjorn", "Chloé", "Dmitri", "Esther", "Farid", "Greta", "Hiro", "Ingrid", "Jonas", "Kemal", "Lena", "Mateo", "Nadia",
    ];

    private static readonly string[] LastNames =
    [
        "Abbott", "Brennan", "Castillo", "Dawson", "Eriksen", "Fischer", "Garcia", "Hughes", "Ibarra", "Jansen", "Kowalski",
        "Larsen", "Moreno", "Nakamura", "O'Neill", "Patel", "Quintero", "Rossi", "Schmidt", "Tanaka", "Underwood", "Varga",
        "Whitaker", "Xu", "Young", "Zimmermann", "Álvarez", "Bauer", "Chen", "Duarte", "Evans", "Foster", "Gómez", "Horvath",
        "Ivanova", "Jovanović", "Keller", "Lindqvist", "Müller", "Novak",
    ];

    private static readonly string[] Credentials = ["PT, DPT", "DPT, OCS", "DC", "LMT", "ATC", "PT", "MSc Physio", "DPT, SCS", ""];

    private static readonly string[] Conditions =
    [
        "Plantar Fasciitis", "Achilles Tendinopathy", "Tennis Elbow", "Golfer's Elbow", "Runner's Knee", "Shin Splints",
        "Low Back Pain", "Neck Pain", "Frozen Shoulder", "Rotator Cuff Strain", "Carpal Tunnel Syndrome", "IT Band Syndrome",
        "Hamstring Strain", "Ankle Sprain", "Sciatica", "Tension Headaches", "Hip Bursitis", "Patellar Tendinitis",
        "Jaw Pain (TMJ)", "Whiplash", "Calf Cramps", "Turf Toe", "Morton's Neuroma", "Posture Fatigue", "Desk Shoulders",
        "Post-Surgical Stiffness", "Osteoarthritis Of The Knee", "Piriformis Syndrome", "De Quervain's Tenosynovitis", "Metatarsalgia",
    ];

    private static readonly string[] Therapies =
    [
        "IASTM", "Dry Needling", "Massage Therapy", "Cupping", "Kinesio Taping", "Manual Therapy", "Shockwave Therapy",
        "Eccentric Loading", "Mobility Work", "Foam Rolling", "Strength Training", "Joint Mobilization", "Ultrasound Therapy",
        "Heat And Ice", "Stretching Routines",
    ];

    private static readonly string[] TitleTemplates =
    [
        "{t} For {c}: What To Expect", "Does {t} Help {c}?", "{c}: A Guide For Weekend Athletes",
        "Five Myths About {t}", "How We Treat {c} With {t}", "{t} And {c}", "Getting Back To Running After {c}",
        "When To See A Therapist About {c}",
    ];

    private static readonly string[] Sentences =
    [
        "Most people wait far too long before they ask for help, and by then the pain has changed the way they move.",
        "The first visit is mostly listening: when did it start, what makes it worse, and what you want to get back to.",
        "Tissue adapts to the load we give it, which is why a gradual plan beats a heroic weekend every time.",
        "We test strength, range of motion and how you load the painful side before we touch anything.",
        "Research on this technique is growing, and the better studies point to short-term relief paired with exercise.",
        "Pain is an alarm, not a measure of damage; a sensitive alarm can be turned down with the right input.",
        "Sleep, stress and nutrition matter more than any single treatment we can offer in the clinic.",
        "A few minutes of daily exercise at home will do more than an hour on the table once a month.",
        "If you feel numbness, weakness or pain at night that does not ease, see your doctor first.",
        "Athletes often return sooner than they expect when the plan respects how tendons heal.",
        "We measure progress with simple tests you can repeat at home, so you can see the change yourself.",
        "Good footwear helps, but no shoe replaces strong feet and calves.",
        "Manual techniques can calm an irritated area enough to let you train it again.",
        "Expect some soreness for a day or two after the first sessions; it should settle quickly.",
        "Your plan will change as you improve: the goal is always less of us and more of you.",
    ];

    private static readonly string[] CommentSentences =
    [
        "Thank you for writing this, it finally explains what my physio was doing.",
        "I had three sessions last spring and the difference was remarkable.",
        "Does this work for older patients too? My mother is 78.",
        "How many sessions does it usually take before you notice a change?",
        "I tried this after my marathon and it helped more than rest alone.",
        "My insurance does not cover it; is there something I can do at home?",
        "Great article, sharing it with my running club.",
        "The bit about load and rest was exactly what I needed to read today.",
        "I was sceptical at first, but the exercises really did help my heel pain.",
        "Is it normal to bruise a little after the treatment?",
        "We use a similar approach in our clinic in Leeds with good results.",
        "Could you write about recovery after ankle surgery next?",
        "Clear and practical, thank you.",
        "I wish I had found this before I spent months limping around.",
    ];

    private static readonly string[] SpamSentences =
    [
        "Best cheap replica watches, visit https://cheap-watches.example now!",
        "Earn $5000 a week from home, click https://easy-money.example",
        "Great post. Check my site www.seo-boost.example for more backlinks.",
        "Buy followers cheap and fast https://followers.example",
    ];

    private static readonly string[] Tags =
    [
        "Foot Pain", "Running", "Sports Injuries", "Back Pain", "Neck Pain", "IASTM", "Massage", "Exercise", "Posture",
        "Recovery", "Shoulder", "Knee", "Hip", "Elbow", "Headaches", "Office Health",
    ];

    public IEnumerable<string> PersonNames()
    {
        foreach (var last in LastNames)
        {
            foreach (var first in FirstNames) yield return $"{first} {last}";
        }
    }

    public string Pick(string[] items) => items[random.Next(items.Length)];

    public string Credential() => Pick(Credentials);

    public string Headline(string name) => $"{Pick(Therapies)} and {Pick(Conditions).ToLowerInvariant()} care; {random.Next(5, 31)} years in practice";

    public string Bio(string name) =>
        $"{name} has treated athletes and office workers alike for years. {Paragraph(3)}\n\n{Paragraph(2)}";

    public IEnumerable<string> ArticleTitles()
    {
        foreach (var template in TitleTemplates)
        {
            foreach (var therapy in Therapies)
            {
                foreach (var condition in Conditions)
                    yield return template.Replace("{t}", therapy, StringComparison.Ordinal).Replace("{c}", condition, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>About 3 KB of Markdown: headings, paragraphs, a list and a link, like the recipe's articles.</summary>
    public string ArticleMarkdown(string title)
    {
        var sb = new StringBuilder();
        sb.Append(Paragraph(3)).Append("\n\n## ").Append(title).Append("\n\n").Append(Paragraph(4)).Append("\n\n");
        sb.Append("### What the research says\n\n").Append(Paragraph(4)).Append("\n\n");
        sb.Append("### At home\n\n");
        for (var i = 0; i < 4; i++) sb.Append("- ").Append(Pick(Sentences)).Append('\n');
        sb.Append('\n').Append(Paragraph(3)).Append(" Read more on [our services page](https://clinic.example/services).\n\n");
        sb.Append("### When to call us\n\n").Append(Paragraph(4)).Append('\n');
        return sb.ToString();
    }

    /// <summary>About 700 characters of Markdown: a paragraph, a heading, a short list (the large recipe's articles).</summary>
    public string ShortArticleMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append(Paragraph(3)).Append("\n\n### At home\n\n");
        for (var i = 0; i < 2; i++) sb.Append("- ").Append(Pick(Sentences)).Append('\n');
        sb.Append('\n').Append(Paragraph(2)).Append('\n');
        return sb.ToString();
    }

    public string Summary() => Pick(Sentences);

    public string TagsFor() => string.Join('|', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Tags)).Distinct());

    public string CommentBody(bool spam, bool withLinks)
    {
        if (spam) return Pick(SpamSentences);
        var body = string.Join(' ', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Pick(CommentSentences)));
        return withLinks ? body + " See https://forum.example/thread/1 and https://blog.example/my-story." : body;
    }

    private string Paragraph(int sentences) => string.Join(' ', Enumerable.Range(0, sentences).Select(_ => Pick(Sentences)));
}
