using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic AttnGen reports. Each id has a page in docs/diagnostics (the help link) with an example and the fix;
/// new ids go in AnalyzerReleases.Unshipped.md too.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AttnGen";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "ATTN0001", "Class must be partial",
        "'{0}' must be declared partial so that AttnGen can add the generated members to it");

    public static readonly DiagnosticDescriptor ContainerNotPartial = Error(
        "ATTN0002", "Containing type must be partial",
        "'{0}' is nested in '{1}', which must be declared partial too");

    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "ATTN0003", "Generic types are not supported",
        "'{0}' is generic or nested in a generic type; generated code is specialised to one shape, so declare the block on a non-generic class");

    public static readonly DiagnosticDescriptor SizeNotPositive = Error(
        "ATTN0004", "Size must be positive",
        "{0} must be set to a positive value, but it is {1}");

    public static readonly DiagnosticDescriptor HeadsDoNotDivideModel = Error(
        "ATTN0005", "DModel must be divisible by Heads",
        "DModel {0} is not divisible by Heads {1}; each head gets DModel / Heads dimensions");

    public static readonly DiagnosticDescriptor UndefinedMaskFlags = Error(
        "ATTN0006", "Undefined mask flags",
        "Mask value {0} contains undefined flags; combine only " + Names(typeof(AttentionMask), "", "and"));

    public static readonly DiagnosticDescriptor SizeAboveLimit = Error(
        "ATTN0007", "Size above the supported limit",
        "{0} is {1}, above the limit of {2}: {3}");

    public static readonly DiagnosticDescriptor HeadDimPadded = new(
        "ATTN0008", "Head size is not a multiple of 8",
        "HeadDim {0} is not a multiple of 8: each head is padded to {1} lanes, so {2}% of the attention-score and context arithmetic is spent on padding",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink("ATTN0008"));

    public static readonly DiagnosticDescriptor StaticNotSupported = Error(
        "ATTN0009", "Class must not be static",
        "'{0}' is static; the generated block is an instance that owns its scratch memory, so declare a non-static class");

    public static readonly DiagnosticDescriptor NormEpsRequired = Error(
        "ATTN0010", "Norm epsilon must be set",
        "{0} {1}; write the epsilon the checkpoint was trained with (PyTorch's default is 1e-5, BERT's 1e-12), as a positive finite value");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
        "ATTN0011", "Undefined enum value",
        "{0} value {1} is not defined; use {2}");

    public static readonly DiagnosticDescriptor SeveralBlockAttributes = Error(
        "ATTN0012", "One block per class",
        "'{0}' carries both [{1}] and [{2}]; each generates its own members, so declare each block on its own class");

    public static readonly DiagnosticDescriptor SeqLenAboveMaxPositions = Error(
        "ATTN0013", "SeqLen exceeds MaxPositions",
        "SeqLen {0} is larger than MaxPositions {1}: position ids run 0…SeqLen-1 and must have a row in the position-embedding table");

    public static readonly DiagnosticDescriptor UnoptimisedBuild = new(
        "ATTN0014", "Generated kernels are compiled without optimization",
        "'{0}' is compiled without optimization (a Debug build), so its generated kernels run several times slower (a MiniLM-sized layer 8 to 40 times); build with -c Release, or set <Optimize>true</Optimize> in the project, which keeps debugging",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink("ATTN0014"));

    public static readonly DiagnosticDescriptor FileLocalNotSupported = Error(
        "ATTN0015", "File-local class not supported",
        "'{0}' is declared 'file', so the generated code, which is in a file of its own, cannot complete '{1}'; remove the 'file' modifier");

    public static readonly DiagnosticDescriptor PrimaryConstructorNotSupported = Error(
        "ATTN0016", "Primary constructor not supported",
        "'{0}' has a primary constructor, which every other constructor must call, and the generated constructor cannot know its arguments; declare an ordinary constructor instead");

    public static readonly DiagnosticDescriptor MemberClashes = Error(
        "ATTN0017", "Member clashes with a generated member",
        "'{0}' already {1}, and [{2}] generates a member with that {3}");

    public static readonly DiagnosticDescriptor AbstractNotSupported = Error(
        "ATTN0018", "Class must not be abstract",
        "'{0}' is abstract, so the generated constructor could never be called; declare a class that is not abstract");

    public static readonly DiagnosticDescriptor ClassNamedLikeMember = Error(
        "ATTN0019", "Class named like a generated member",
        "'{0}' is also the name of a member that [{1}] generates, and a member cannot have its class's name; rename the class");

    public static readonly DiagnosticDescriptor BaseWithoutParameterlessConstructor = Error(
        "ATTN0020", "Base class needs a parameterless constructor",
        "'{0}' derives from '{1}', which has no accessible constructor without arguments for the generated constructor to call; derive from a class that has one");

    public static readonly DiagnosticDescriptor ConstructorSkipsGenerated = Error(
        "ATTN0021", "Constructor must call the generated constructor",
        "The constructor '{0}' calls no other constructor with ': this(…)', so the block it builds would have no weights; chain it to the generated constructor, as in ': this(Weights.Random(seed))'");

    public static readonly DiagnosticDescriptor KvHeadsDoNotDivideHeads = Error(
        "ATTN0022", "KvHeads must divide Heads",
        "Heads {0} is not divisible by KvHeads {1}; each key/value head serves Heads / KvHeads query heads");

    public static readonly DiagnosticDescriptor RotaryNotApplicable = Error(
        "ATTN0023", "Rotary embedding not applicable",
        "RotaryTheta {0}; the rotary embedding needs a positive finite base (Llama's rope_theta, usually 10000) and an even head size, which pairs dimension i with i + HeadDim/2");

    private static readonly DiagnosticDescriptor[] All =
    [
        NotPartial, ContainerNotPartial, GenericNotSupported, SizeNotPositive, HeadsDoNotDivideModel,
        UndefinedMaskFlags, SizeAboveLimit, HeadDimPadded, StaticNotSupported, NormEpsRequired,
        UndefinedEnumValue, SeveralBlockAttributes, SeqLenAboveMaxPositions, UnoptimisedBuild,
        FileLocalNotSupported, PrimaryConstructorNotSupported, MemberClashes, AbstractNotSupported,
        ClassNamedLikeMember, BaseWithoutParameterlessConstructor, ConstructorSkipsGenerated,
        KvHeadsDoNotDivideHeads, RotaryNotApplicable,
    ];

    public static DiagnosticDescriptor ById(string id) => All.First(descriptor => descriptor.Id == id);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    /// <summary>
    /// An enum's members as a message lists them ("A, B and C"), from the enum the runtime and the generator share, so
    /// that a new member is named without editing the message.
    /// </summary>
    public static string Names(Type enumType, string prefix, string conjunction)
    {
        string[] names = Enum.GetNames(enumType).Select(name => prefix + name).ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names.Take(names.Length - 1)) + " " + conjunction + " " + names[names.Length - 1];
    }

    // Every id has its own page in the repository's docs.
    private static string HelpLink(string id) => $"docs/diagnostics/{id}.md";
}
