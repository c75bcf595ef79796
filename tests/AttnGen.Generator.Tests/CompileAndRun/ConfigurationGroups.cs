namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// One kind's configurations split into groups, each generated, compiled and loaded as one <see cref="GeneratedGroup"/>
/// and then checked configuration by configuration.
/// </summary>
/// <param name="kind">Names the groups' namespaces (<c>CompileAndRun.{kind}Group{n}</c>) and failure messages.</param>
/// <param name="declaration">A configuration's declaration and its wrapper, as source text.</param>
internal sealed class ConfigurationGroups<TConfiguration>(
    string kind, IReadOnlyList<TConfiguration> all, int groupSize, Func<TConfiguration, string> declaration)
    where TConfiguration : GeneratedConfiguration
{
    public TheoryData<int> Numbers => new(Enumerable.Range(0, (all.Count + groupSize - 1) / groupSize));

    /// <summary>Compiles group <paramref name="group"/> and checks each of its configurations, reporting every failure.</summary>
    /// <param name="check">Throws for a configuration whose generated code is wrong.</param>
    public void Check(int group, Action<TConfiguration, GeneratedGroup> check)
    {
        List<TConfiguration> configurations = all.Skip(group * groupSize).Take(groupSize).ToList();
        using GeneratedGroup generated = GeneratedGroup.Compile(
            $"CompileAndRun.{kind}Group{group}", configurations.Select(declaration).ToList(), configurations.Select(c => c.ToString()));
        OutputChecks.CheckEach(configurations, $"{kind} {group}", c => check(c, generated));
    }
}
