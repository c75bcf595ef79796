using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// The checks a public method of a block with scratch makes once its arguments' lengths are known: outputs that overlap
/// inputs (see the runtime's <c>Overlap</c>), then the instance marked busy for the call (<c>SingleCaller</c>). Each is
/// one call, so the generated method reads as a list of checks.
/// </summary>
internal static class CallChecks
{
    /// <summary>The instance field <see cref="EnterCall"/> marks busy; <see cref="BlockText.EmitState"/> declares it.</summary>
    public const string BusyField = "_busy";

    public const string OverlapDoc =
        $"/// <exception cref=\"{TypeNames.ArgumentException}\">An output overlaps an input other than by being exactly that input; the message names both.</exception>";

    public const string BusyDoc =
        "/// <exception cref=\"global::System.InvalidOperationException\">The instance is running a call on another thread: use one instance per thread.</exception>";

    /// <summary><paramref name="output"/> may be exactly <paramref name="input"/> (in place) but must not otherwise overlap it.</summary>
    public static void SameOrDisjoint(SourceWriter w, string input, string output) =>
        w.Line($"{TypeNames.Runtime}.Overlap.RequireSameOrDisjoint({input}, {output}, nameof({input}), nameof({output}));");

    /// <summary><paramref name="output"/> must share no element with <paramref name="input"/>.</summary>
    public static void Disjoint(SourceWriter w, string input, string output) =>
        w.Line($"{TypeNames.Runtime}.Overlap.RequireDisjoint({input}, {output}, nameof({input}), nameof({output}));");

    /// <summary>Marks the instance busy until the method returns; the rest of the method is the guarded call.</summary>
    public static void EnterCall(SourceWriter w) =>
        w.Line($"using var call = {TypeNames.Runtime}.SingleCaller.Enter(ref {BusyField}, this);");
}
