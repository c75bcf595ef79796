using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>
/// A generated member never meets a user member of the same name: the class's name, its members and the members it
/// inherits are checked against what the block generates. By name, not signature: a user method beside the generated
/// <c>Forward</c> would be an overload that calls could silently bind to. Constructors are <see cref="ConstructorRules"/>'.
/// </summary>
internal static class MemberRules
{
    public static void Check(TargetDeclaration target, GeneratedMembers generated, List<DiagnosticInfo> diagnostics)
    {
        if (generated.Names.Contains(target.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNamedLikeMember, target.Identifier, target.Name, target.Attribute));
        }

        foreach (MemberDeclaration member in target.Members.Where(member => generated.Names.Contains(member.Name)))
        {
            string what = member.InheritedFrom is { } baseName
                ? $"inherits the {member.Kind} '{member.Name}' from '{baseName}'"
                : $"declares the {member.Kind} '{member.Name}'";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberClashes, member.Location,
                target.Name, what, target.Attribute, "name; rename or remove it"));
        }
    }
}
