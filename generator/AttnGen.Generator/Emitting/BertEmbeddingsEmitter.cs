using System.Globalization;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Emits a <c>[BertEmbeddings]</c> class: for every token, word + position + token-type embedding rows summed, then LayerNorm.
/// </summary>
internal static class BertEmbeddingsEmitter
{
    private const string KernelClass = "EmbeddingKernels";

    public static string Emit(BertEmbeddingsSpec s)
    {
        var norms = new LayerNormEmitter(s.DModel, (float)s.LayerNormEps);
        var w = new SourceWriter();
        FileText.Header(w);
        using (FileText.OpenTarget(w, s.Target))
        {
            BlockText.ClassHeader(w,
                $"BERT embeddings: vocabulary {s.VocabSize}, {s.MaxPositions} positions, {s.TypeVocabSize} token types, DModel {s.DModel}, {s.SeqLen} tokens per item,",
                $"LayerNorm eps {s.LayerNormEps.ToString("R", CultureInfo.InvariantCulture)}.");
            using (w.Block($"partial {s.Target.Keyword} {s.Target.Name}"))
            {
                BlockText.Constant(w, "VocabSize", s.VocabSize, "Rows of the word-embedding table.");
                BlockText.Constant(w, "MaxPositions", s.MaxPositions, "Rows of the position-embedding table.");
                BlockText.Constant(w, "TypeVocabSize", s.TypeVocabSize, "Rows of the token-type table.");
                BlockText.Constant(w, "DModel", s.DModel, "Model width: floats per token.");
                BlockText.Constant(w, "SeqLen", s.SeqLen, "Tokens per batch item (token t has position t); the longest sequence ForwardPacked takes.");
                w.Line();
                EmitWeights(w, s);
                w.Line();
                BlockText.EmitState(w, s.Target, []);
                w.Line();
                EmitForward(w, s);
                w.Line();
                EmitForwardPacked(w, s);
                w.Line();
                EmitEmbedToken(w);
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            EmitKernels(w, s);
            w.Line();
            norms.Emit(w, FileText.Cref(s.Target));
        }

        return w.ToString();
    }

    private static void EmitWeights(SourceWriter w, BertEmbeddingsSpec s) =>
        BlockText.EmitWeightsClass(w, new WeightsClass(
            "The embedding tables and LayerNorm parameters.",
            "BertEmbeddingsParameters",
            "p.VocabSize != VocabSize || p.MaxPositions != MaxPositions || p.TypeVocabSize != TypeVocabSize || p.DModel != DModel",
            "Parameters have VocabSize {p.VocabSize}, MaxPositions {p.MaxPositions}, TypeVocabSize {p.TypeVocabSize} and DModel {p.DModel}; " +
                $"this block declares VocabSize {s.VocabSize}, MaxPositions {s.MaxPositions}, TypeVocabSize {s.TypeVocabSize} and DModel {s.DModel}.",
            w =>
            {
                w.Line($"internal readonly {TypeNames.AlignedBuffer} Words; // [{s.VocabSize}, {s.DModel}]");
                w.Line($"internal readonly {TypeNames.AlignedBuffer} Positions; // [{s.SeqLen}, {s.DModel}]: only the positions a sequence reaches");
                w.Line($"internal readonly {TypeNames.AlignedBuffer} TokenTypes; // [{s.TypeVocabSize}, {s.DModel}]");
                w.Line($"internal readonly {TypeNames.AlignedBuffer} NormWeight, NormBias; // [{s.DModel}] each");
            },
            w =>
            {
                w.Line($"Words = {TypeNames.WeightPacking}.PadTo(p.WordEmbeddings, VocabSize * DModel);");
                w.Line($"Positions = {TypeNames.WeightPacking}.PadTo(p.PositionEmbeddings[..(SeqLen * DModel)], SeqLen * DModel);");
                w.Line($"TokenTypes = {TypeNames.WeightPacking}.PadTo(p.TokenTypeEmbeddings, TypeVocabSize * DModel);");
                w.Line($"NormWeight = {TypeNames.WeightPacking}.PadTo(p.Norm.Weight, DModel);");
                w.Line($"NormBias = {TypeNames.WeightPacking}.PadTo(p.Norm.Bias, DModel);");
            },
            "HuggingFace <c>BertEmbeddings</c> names (<c>word_embeddings.weight</c>, <c>position_embeddings.weight</c>, <c>token_type_embeddings.weight</c>, <c>LayerNorm.*</c>)",
            $"{TypeNames.Runtime}.BertEmbeddingsWeightNames.Load(source, prefix, VocabSize, MaxPositions, TypeVocabSize, DModel, allowUnused, allowNonFinite)",
            $"{TypeNames.Runtime}.BertEmbeddingsParameters.Random(VocabSize, MaxPositions, TypeVocabSize, DModel, seed)"));

    private static void EmitForward(SourceWriter w, BertEmbeddingsSpec s)
    {
        w.Summary("Embeds every token of every batch item. Allocates nothing.");
        w.Param("inputIds", $"Token ids, <c>[batch, SeqLen {s.SeqLen}]</c>, each in 0…{s.VocabSize - 1}.");
        w.Param("tokenTypeIds", $"Segment ids, the same shape, each in 0…{s.TypeVocabSize - 1}; empty means all 0 (HuggingFace's default).");
        w.Param("y", $"Output, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c> row-major.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match; the message gives both sizes.</exception>");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentOutOfRangeException}\">An id is outside its table; the message names its position and value.</exception>");
        using (w.Block($"public void Forward({TypeNames.ReadOnlySpan}<int> inputIds, {TypeNames.ReadOnlySpan}<int> tokenTypeIds, {TypeNames.Span}<float> y)"))
        {
            w.Line($"int batch = {TypeNames.Shapes}.BatchCount(inputIds.Length, SeqLen, nameof(inputIds), \"[SeqLen {s.SeqLen}]\");");
            w.Line($"bool withTypes = {TypeNames.Shapes}.OptionalLength(tokenTypeIds.Length, inputIds.Length, nameof(tokenTypeIds), \"one per input id\");");
            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, batch * SeqLen * DModel, nameof(y), \"batch from inputIds × SeqLen {s.SeqLen} × DModel {s.DModel}\");");
            w.Line($"{TypeNames.Shapes}.RequireIds(inputIds, VocabSize, nameof(inputIds));");
            w.Line($"{TypeNames.Shapes}.RequireIds(tokenTypeIds, TypeVocabSize, nameof(tokenTypeIds));");
            w.Line($"ref float output = ref {TypeNames.MemoryMarshal}.GetReference(y);");
            using (w.Block("for (int token = 0; token < inputIds.Length; token++)"))
            {
                w.Line($"EmbedToken(inputIds[token], withTypes ? tokenTypeIds[token] : 0, token % SeqLen, ref {TypeNames.Unsafe}.Add(ref output, token * DModel));");
            }

            EmitNorm(w, "inputIds.Length");
        }
    }

    private static void EmitForwardPacked(SourceWriter w, BertEmbeddingsSpec s)
    {
        w.Summary(
            "Embeds sequences of different lengths packed one after another with no padding; positions restart at 0 for",
            "every sequence. Allocates nothing.");
        w.Param("inputIds", $"Token ids, <c>[sum of lengths]</c>, each in 0…{s.VocabSize - 1}.");
        w.Param("tokenTypeIds", $"Segment ids, the same shape, each in 0…{s.TypeVocabSize - 1}; empty means all 0.");
        w.Param("lengths", $"Each sequence's length, 0…SeqLen {s.SeqLen}.");
        w.Param("y", $"Output, <c>[sum of lengths, DModel {s.DModel}]</c> row-major.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match; the message gives both sizes.</exception>");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentOutOfRangeException}\">A length or an id is out of range; the message names its index.</exception>");
        using (w.Block($"public void ForwardPacked({TypeNames.ReadOnlySpan}<int> inputIds, {TypeNames.ReadOnlySpan}<int> tokenTypeIds, {TypeNames.ReadOnlySpan}<int> lengths, {TypeNames.Span}<float> y)"))
        {
            w.Line($"int totalRows = {TypeNames.PackedSequences}.TotalLength(lengths, SeqLen, DModel, nameof(lengths));");
            w.Line($"{TypeNames.Shapes}.RequireLength(inputIds.Length, totalRows, nameof(inputIds), \"sum of lengths\");");
            w.Line($"bool withTypes = {TypeNames.Shapes}.OptionalLength(tokenTypeIds.Length, totalRows, nameof(tokenTypeIds), \"one per input id\");");
            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, totalRows * DModel, nameof(y), \"sum of lengths × DModel {s.DModel}\");");
            w.Line($"{TypeNames.Shapes}.RequireIds(inputIds, VocabSize, nameof(inputIds));");
            w.Line($"{TypeNames.Shapes}.RequireIds(tokenTypeIds, TypeVocabSize, nameof(tokenTypeIds));");
            w.Line($"ref float output = ref {TypeNames.MemoryMarshal}.GetReference(y);");
            w.Line("int token = 0;");
            using (w.Block("foreach (int length in lengths)"))
            using (w.Block("for (int position = 0; position < length; position++, token++)"))
            {
                w.Line($"EmbedToken(inputIds[token], withTypes ? tokenTypeIds[token] : 0, position, ref {TypeNames.Unsafe}.Add(ref output, token * DModel));");
            }

            EmitNorm(w, "totalRows");
        }
    }

    /// <summary>LayerNorm over the first <paramref name="rows"/> rows of <c>output</c>, in place.</summary>
    private static void EmitNorm(SourceWriter w, string rows) =>
        w.Line($"{LayerNormEmitter.Call("Norm")}(ref output, ref _weights.NormWeight.Start, ref _weights.NormBias.Start, ref output, (nuint){rows});");

    private static void EmitEmbedToken(SourceWriter w)
    {
        w.Summary("One token's word, position and token-type rows summed into <paramref name=\"output\"/>.");
        using (w.Block("private void EmbedToken(int id, int type, int position, ref float output)"))
        {
            w.Line($"global::{FileText.KernelNamespace}.{KernelClass}.Sum(" +
                $"ref {TypeNames.Unsafe}.Add(ref _weights.Words.Start, id * DModel), " +
                $"ref {TypeNames.Unsafe}.Add(ref _weights.Positions.Start, position * DModel), " +
                $"ref {TypeNames.Unsafe}.Add(ref _weights.TokenTypes.Start, type * DModel), ref output);");
        }
    }

    private static void EmitKernels(SourceWriter w, BertEmbeddingsSpec s)
    {
        w.Summary($"The embedding kernels of <see cref=\"{FileText.Cref(s.Target)}\"/>.");
        using (w.Block($"file static class {KernelClass}"))
        {
            w.Summary($"output = word + position + type, rows of {s.DModel}.");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            using (w.Block("internal static void Sum(ref float word, ref float position, ref float type, ref float output)"))
            {
                w.Line("nuint i = 0;");
                KernelText.ElementwiseLoop(w, Int(s.DModel), TileForm.RowForms,
                    form => $"({form.VectorType}.LoadUnsafe(ref word, i) + {form.VectorType}.LoadUnsafe(ref position, i) + {form.VectorType}.LoadUnsafe(ref type, i)).StoreUnsafe(ref output, i);",
                    "Unsafe.Add(ref output, i) = Unsafe.Add(ref word, i) + Unsafe.Add(ref position, i) + Unsafe.Add(ref type, i);");
            }
        }
    }
}
