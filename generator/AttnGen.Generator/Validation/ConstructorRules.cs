using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>
/// The user's constructors beside the generated ones: none may have a generated constructor's parameters, and each
/// must end up calling the generated constructor, the only one that sets the block's weights and scratch memory.
/// </summary>
internal static class ConstructorRules
{
    public static void Check(TargetDeclaration target, GeneratedMembers generated, List<DiagnosticInfo> diagnostics)
    {
        if (!generated.HasConstructor)
        {
            return;
        }

        foreach (ConstructorDeclaration constructor in target.Constructors)
        {
            string signature = $"{target.Name}({string.Join(", ", constructor.ParameterTypes.Select(ShortName))})";
            if (generated.Constructors.Any(parameters => parameters.SequenceEqual(constructor.ParameterTypes)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberClashes, constructor.Location,
                    target.Name, $"declares the constructor '{signature}'", target.Attribute, "signature; remove it or change its parameters"));
            }
            else if (!constructor.CallsThis)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstructorSkipsGenerated, constructor.Location, signature));
            }
        }
    }

    private static string ShortName(string type) => type.Substring(type.LastIndexOf('.') + 1);
}
