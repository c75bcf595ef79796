namespace AttnGen.Generator.Model;

/// <summary>Where generated members go: the class, its namespace, and the partial types around it.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="Keyword">How the class is declared: <c>class</c> or <c>record</c>.</param>
/// <param name="Containers">Declarations of the containing types, outermost first, such as <c>partial class Outer</c>.</param>
internal sealed record TypeTarget(string Namespace, string Name, string Keyword, EquatableArray<string> Containers)
{
    public string FullName => (Namespace.Length == 0 ? "" : Namespace + ".") +
        string.Concat(System.Linq.Enumerable.Select(Containers, c => c.Substring(c.LastIndexOf(' ') + 1) + ".")) + Name;
}
