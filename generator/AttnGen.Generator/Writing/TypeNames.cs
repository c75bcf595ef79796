namespace AttnGen.Generator.Writing;

/// <summary>
/// The types generated code names, each written once. The members added to a user's class qualify every type with
/// <c>global::</c>, so that a type of the user's called <c>Shapes</c> or <c>Unsafe</c> cannot capture the name.
/// </summary>
internal static class TypeNames
{
    /// <summary>The runtime's namespace, for the types named after a block kind (<c>{Runtime}.FeedForwardParameters</c>).</summary>
    public const string Runtime = "global::AttnGen";

    public const string Shapes = Runtime + ".Shapes";
    public const string AlignedBuffer = Runtime + ".AlignedBuffer";
    public const string WeightPacking = Runtime + ".WeightPacking";
    public const string WorkerTeam = Runtime + ".WorkerTeam";
    public const string PackedSequences = Runtime + ".PackedSequences";
    public const string Activations = Runtime + ".Activations";
    public const string AttentionMasks = Runtime + ".AttentionMasks";
    public const string IWeightSource = Runtime + ".IWeightSource";

    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string Math = "global::System.Math";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string Intrinsics = "global::System.Runtime.Intrinsics";
}
