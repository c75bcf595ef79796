namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// The values of <c>AttnGen.Activation</c>, with the same names and values. Like <see cref="MaskFlags"/>, a copy:
/// the test project sees the real enum twice (the generator compiles the runtime's file in), so the tests write it
/// into generated source by name.
/// </summary>
internal enum ActivationKind
{
    Gelu = 0,
    GeluTanh = 1,
    Relu = 2,
}
