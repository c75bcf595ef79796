using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit.Sdk;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// A group of declarations run through the generator, compiled in memory and loaded into a collectible
/// <see cref="AssemblyLoadContext"/>; disposing unloads it. Declarations are compiled in groups so that Roslyn's
/// fixed cost is paid a few times, not once per declaration.
/// </summary>
internal sealed class GeneratedGroup : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Assembly _assembly;
    private readonly string _namespace;

    private GeneratedGroup(AssemblyLoadContext context, Assembly assembly, string ns)
    {
        _context = context;
        _assembly = assembly;
        _namespace = ns;
    }

    /// <summary>Generates and compiles the declarations; fails with every diagnostic and the group's shapes if either step does.</summary>
    /// <param name="ns">The group's namespace, which also names it in failure messages.</param>
    /// <param name="declarations">Source text of each declaration with its wrapper; each must yield one generated file.</param>
    /// <param name="shapes">One line per declaration, listed when the group fails to compile.</param>
    public static GeneratedGroup Compile(string ns, IReadOnlyCollection<string> declarations, IEnumerable<string> shapes)
    {
        var source = new StringBuilder();
        source.AppendLine("using AttnGen;").AppendLine().AppendLine($"namespace {ns};");
        foreach (string declaration in declarations)
        {
            source.AppendLine().Append(declaration);
        }

        var (output, generatorDiagnostics, result) = GeneratorHarness.Run(source.ToString());
        string shapeList = "Shapes:" + Environment.NewLine + string.Join(Environment.NewLine, shapes.Select(s => "    " + s));

        Diagnostic[] generatorErrors = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (generatorErrors.Length > 0)
        {
            throw new XunitException($"The generator reported errors for {ns}:{Environment.NewLine}"
                + Describe(generatorErrors) + Environment.NewLine + shapeList);
        }

        if (result.GeneratedTrees.Length != declarations.Count)
        {
            throw new XunitException(
                $"{ns}: the generator produced {result.GeneratedTrees.Length} files for {declarations.Count} declarations:"
                + Environment.NewLine + string.Join(Environment.NewLine, result.GeneratedTrees.Select(t => "    " + t.FilePath)));
        }

        using var image = new MemoryStream();
        EmitResult emit = output.Emit(image);
        Diagnostic[] problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        if (!emit.Success || problems.Length > 0)
        {
            throw new XunitException(
                $"{ns}: compiling the generated code gave {problems.Count(d => d.Severity == DiagnosticSeverity.Error)} errors "
                + $"and {problems.Count(d => d.Severity == DiagnosticSeverity.Warning)} warnings:{Environment.NewLine}"
                + Describe(problems) + Environment.NewLine + shapeList);
        }

        image.Position = 0;
        var context = new AssemblyLoadContext(ns, isCollectible: true);
        return new GeneratedGroup(context, context.LoadFromStream(image), ns);
    }

    /// <summary>A public static method of a type in the group's namespace, as a delegate.</summary>
    public TDelegate Method<TDelegate>(string typeName, string methodName)
        where TDelegate : Delegate =>
        Bind<TDelegate>(_assembly.GetType(_namespace + "." + typeName, throwOnError: true)!, methodName, BindingFlags.Public);

    /// <summary>
    /// A static method of the kernel class generated for one declaration, as a delegate. The kernel classes are
    /// file-local, so their metadata names carry the generated file's name (<c>&lt;Declared_g&gt;F…__Kernels</c>).
    /// </summary>
    public TDelegate KernelMethod<TDelegate>(string declaredType, string kernelClass, string methodName)
        where TDelegate : Delegate =>
        Bind<TDelegate>(_assembly.GetTypes().Single(type => type.Name.EndsWith("__" + kernelClass, StringComparison.Ordinal)
            && type.Name.Contains("<" + _namespace.Replace('.', '_') + "_" + declaredType + "_g>", StringComparison.Ordinal)),
            methodName, BindingFlags.NonPublic);

    public void Dispose() => _context.Unload();

    private static TDelegate Bind<TDelegate>(Type type, string methodName, BindingFlags visibility)
        where TDelegate : Delegate =>
        type.GetMethod(methodName, visibility | BindingFlags.Static)!.CreateDelegate<TDelegate>();

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Take(50).Select(d =>
        {
            string line = d.Location.IsInSource
                ? d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()
                : "";
            return $"    {d}{(line.Length > 0 ? Environment.NewLine + "        at: " + line : "")}";
        }));
}
