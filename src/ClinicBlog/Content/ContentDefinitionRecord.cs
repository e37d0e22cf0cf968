namespace ClinicBlog.Content;

/// <summary>A content type or part definition as the recipe's <c>ContentDefinition</c> step gave it.</summary>
/// <remarks>The JSON is kept whole (Orchard keeps settings we do not use yet); <see cref="ContentDefinitions"/> reads it.</remarks>
internal sealed class ContentDefinitionRecord
{
    public const string TypeKind = "Type";
    public const string PartKind = "Part";

    public string Kind { get; set; } = TypeKind;
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Json { get; set; } = "{}";
}
