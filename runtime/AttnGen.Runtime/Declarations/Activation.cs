namespace AttnGen;

/// <summary>The activation between a feed-forward block's two linear layers.</summary>
/// <remarks>This file is compiled into the generator too, so both sides agree on names and values.</remarks>
public enum Activation
{
    /// <summary>
    /// GELU in its exact form, <c>x·Φ(x) = x/2·(1 + erf(x/√2))</c>: PyTorch's <c>F.gelu</c> default and BERT's
    /// <c>hidden_act = "gelu"</c>. The default.
    /// </summary>
    Gelu = 0,

    /// <summary>
    /// GELU's tanh approximation, <c>x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>: PyTorch's
    /// <c>approximate="tanh"</c>, HuggingFace's <c>gelu_new</c> / <c>gelu_pytorch_tanh</c>.
    /// </summary>
    GeluTanh = 1,

    /// <summary><c>max(x, 0)</c>: PyTorch <c>nn.TransformerEncoderLayer</c>'s default.</summary>
    Relu = 2,
}
