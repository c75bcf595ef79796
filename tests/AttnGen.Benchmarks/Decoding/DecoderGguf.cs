namespace AttnGen.Benchmarks.Decoding;

/// <summary>
/// A one-layer model of a <see cref="DecoderWorkload"/> as llama.cpp loads it: architecture <c>gpt2</c> or <c>llama</c>,
/// the workload's embeddings and layer, a final norm that changes nothing but scale (weight 1, bias 0) and the
/// embeddings again as the output projection.
/// </summary>
internal static class DecoderGguf
{
    /// <summary>Writes the model to a file in the temporary directory and returns its path.</summary>
    public static string Write(DecoderWorkload workload)
    {
        CausalDecoderLayerParameters p = workload.Parameters;
        bool gpt2 = workload.Model == DecoderModel.Gpt2Small;
        string arch = gpt2 ? "gpt2" : "llama";
        var gguf = new GgufWriter();
        gguf.Add("general.architecture", arch);
        gguf.Add($"{arch}.context_length", (uint)DecoderWorkload.ContextLength);
        gguf.Add($"{arch}.embedding_length", (uint)p.DModel);
        gguf.Add($"{arch}.feed_forward_length", (uint)p.Hidden);
        gguf.Add($"{arch}.block_count", 1u);
        gguf.Add($"{arch}.attention.head_count", (uint)p.Heads);
        gguf.Add($"{arch}.attention.head_count_kv", (uint)p.KvHeads);
        if (gpt2)
        {
            gguf.Add("gpt2.attention.layer_norm_epsilon", (float)workload.NormEps);
        }
        else
        {
            gguf.Add("llama.attention.layer_norm_rms_epsilon", (float)workload.NormEps);
            gguf.Add("llama.rope.freq_base", (float)workload.RotaryTheta);
            gguf.Add("llama.rope.dimension_count", (uint)p.HeadDim);
        }

        AddByteVocabulary(gguf);

        long d = p.DModel, vocabulary = DecoderWorkload.Vocabulary;
        gguf.AddTensor("token_embd.weight", workload.TokenEmbeddings, d, vocabulary);
        gguf.AddTensor("output.weight", workload.TokenEmbeddings, d, vocabulary);
        gguf.AddTensor("output_norm.weight", Filled(p.DModel, 1), d);
        gguf.AddTensor("blk.0.attn_norm.weight", p.Norm1.Weight, d);
        gguf.AddTensor("blk.0.ffn_norm.weight", p.Norm2.Weight, d);
        gguf.AddTensor("blk.0.attn_output.weight", p.OWeight, d, d);
        gguf.AddTensor("blk.0.ffn_up.weight", p.UpWeight, d, p.Hidden);
        gguf.AddTensor("blk.0.ffn_down.weight", p.DownWeight, p.Hidden, d);
        if (gpt2)
        {
            gguf.AddTensor("position_embd.weight", workload.PositionEmbeddings!, d, DecoderWorkload.ContextLength);
            gguf.AddTensor("output_norm.bias", new float[d], d);
            gguf.AddTensor("blk.0.attn_norm.bias", p.Norm1.Bias!, d);
            gguf.AddTensor("blk.0.ffn_norm.bias", p.Norm2.Bias!, d);
            // GPT-2's c_attn: q, k and v stacked along the output, as llama.cpp's convert_hf_to_gguf.py writes attn_qkv.
            gguf.AddTensor("blk.0.attn_qkv.weight", [.. p.QWeight, .. p.KWeight, .. p.VWeight], d, 3 * d);
            gguf.AddTensor("blk.0.attn_qkv.bias", [.. p.QBias!, .. p.KBias!, .. p.VBias!], 3 * d);
            gguf.AddTensor("blk.0.attn_output.bias", p.OBias!, d);
            gguf.AddTensor("blk.0.ffn_up.bias", p.UpBias!, p.Hidden);
            gguf.AddTensor("blk.0.ffn_down.bias", p.DownBias!, d);
        }
        else
        {
            long kvWidth = p.KvHeads * p.HeadDim;
            gguf.AddTensor("blk.0.attn_q.weight", ToInterleavedRotary(p.QWeight, p.Heads, p.HeadDim, p.DModel), d, d);
            gguf.AddTensor("blk.0.attn_k.weight", ToInterleavedRotary(p.KWeight, p.KvHeads, p.HeadDim, p.DModel), d, kvWidth);
            gguf.AddTensor("blk.0.attn_v.weight", p.VWeight, d, kvWidth);
            gguf.AddTensor("blk.0.ffn_gate.weight", p.GateWeight!, d, p.Hidden);
        }

        string path = Path.Combine(Path.GetTempPath(), $"attngen-decode-{arch}-{Environment.ProcessId}.gguf");
        gguf.Write(path);
        return path;
    }

    /// <summary>
    /// HuggingFace's rotary order to Meta's and GGUF's (docs/weights.md): in each head, HF row <c>j</c> becomes row
    /// <c>2j</c> and HF row <c>HeadDim/2 + j</c> row <c>2j + 1</c>, as llama.cpp's convert_hf_to_gguf.py permutes.
    /// </summary>
    private static float[] ToInterleavedRotary(float[] weight, int heads, int headDim, int inputs)
    {
        float[] permuted = new float[weight.Length];
        int half = headDim / 2;
        for (int head = 0; head < heads; head++)
        {
            for (int j = 0; j < half; j++)
            {
                int hf = head * headDim;
                weight.AsSpan((hf + j) * inputs, inputs).CopyTo(permuted.AsSpan((hf + 2 * j) * inputs));
                weight.AsSpan((hf + half + j) * inputs, inputs).CopyTo(permuted.AsSpan((hf + 2 * j + 1) * inputs));
            }
        }

        return permuted;
    }

    /// <summary>
    /// The smallest tokenizer llama.cpp accepts without falling back or failing: GPT-2's byte-level BPE over the 256
    /// bytes (each as GPT-2 spells it, so that llama.cpp finds its newline token) with no merges. Nothing is tokenised
    /// here; the benchmark feeds token ids.
    /// </summary>
    private static void AddByteVocabulary(GgufWriter gguf)
    {
        gguf.Add("tokenizer.ggml.model", "gpt2");
        gguf.Add("tokenizer.ggml.pre", "default");
        gguf.Add("tokenizer.ggml.tokens", ByteLevelTokens());
        gguf.Add("tokenizer.ggml.token_type", Enumerable.Repeat(1, DecoderWorkload.Vocabulary).ToArray());
        gguf.Add("tokenizer.ggml.merges", Array.Empty<string>());
    }

    /// <summary>GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest for U+0100 onwards in byte order.</summary>
    private static string[] ByteLevelTokens()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        string[] tokens = new string[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            tokens[b] = char.ConvertFromUtf32(Printable(b) ? b : next++);
        }

        return tokens;
    }

    private static float[] Filled(int count, float value)
    {
        float[] values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
