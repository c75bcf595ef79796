// The generator assembly is referenced under an alias (see the project file); the linked GeneratorHarness names its
// generator type unqualified, as the generator tests see it.
extern alias AttnGenGenerator;

global using AttentionGenerator = AttnGenGenerator::AttnGen.Generator.AttentionGenerator;
