using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>
/// The rules for the class a block attribute sits on: the generated code must be able to complete it, the generated
/// constructor must be usable, and nothing the user declared may clash with a generated member.
/// </summary>
internal static class TargetRules
{
    public static List<DiagnosticInfo> Check(TargetDeclaration target, GeneratedMembers generated)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (!target.IsPartial)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, target.Identifier, target.Name));
        }

        if (target.IsStatic && generated.HasConstructor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticNotSupported, target.Identifier, target.Name));
        }

        if (target.AbstractKeyword is { } abstractKeyword && generated.HasConstructor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AbstractNotSupported, abstractKeyword, target.Name));
        }

        if (target.IsGeneric)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, target.Identifier, target.Name));
        }

        foreach (ContainerDeclaration container in target.Containers)
        {
            if (!container.IsPartial)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainerNotPartial, target.Identifier, target.Name, container.Name));
            }
        }

        if (target.FileLocal is { } fileLocal)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalNotSupported, fileLocal.Keyword, fileLocal.Name, target.Name));
        }

        if (target.PrimaryConstructor is { } parameters && generated.HasConstructor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructorNotSupported, parameters, target.Name));
        }

        if (target.Base is { HasParameterlessConstructor: false } baseClass && generated.HasConstructor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BaseWithoutParameterlessConstructor, baseClass.Location,
                target.Name, baseClass.Name));
        }

        if (target.OtherBlockAttribute is { } other)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralBlockAttributes, target.AttributeLocation,
                target.Name, target.Attribute, other));
        }

        MemberRules.Check(target, generated, diagnostics);
        ConstructorRules.Check(target, generated, diagnostics);
        return diagnostics;
    }
}
