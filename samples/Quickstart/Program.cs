// AttnGen quick start: declare a block, load weights, run a batch, and check it against a plain loop.
using System.Diagnostics;
using AttnGen;

const int Batch = 4;
var parameters = AttentionParameters.Random(CausalSelfAttention.DModel, bias: true, seed: 42);
var attention = new CausalSelfAttention(CausalSelfAttention.Weights.From(parameters));
// From a checkpoint instead: CausalSelfAttention.Weights.Load(SafeTensorsFile.Open("attn.safetensors"), prefix: "layer.0.self_attn.")

var random = new Random(7);
float[] x = new float[Batch * CausalSelfAttention.SeqLen * CausalSelfAttention.DModel];
for (int i = 0; i < x.Length; i++)
{
    x[i] = (float)(random.NextDouble() * 2 - 1);
}

float[] y = new float[x.Length];
attention.Forward(x, y);
Console.WriteLine($"CausalSelfAttention: DModel {CausalSelfAttention.DModel}, {CausalSelfAttention.Heads} heads × {CausalSelfAttention.HeadDim}, SeqLen {CausalSelfAttention.SeqLen}, causal");
Console.WriteLine($"output shape     [{Batch}, {CausalSelfAttention.SeqLen}, {CausalSelfAttention.DModel}]");
Console.WriteLine($"checksum         {y.Sum(v => (double)v):F6}");

double generatedMicroseconds = MicrosecondsPerCall(() => attention.Forward(x, y));
float[] reference = new float[x.Length];
double scalarMicroseconds = MicrosecondsPerCall(() => ScalarAttention.Forward(parameters, CausalSelfAttention.Heads, CausalSelfAttention.SeqLen, x, reference));
double largestDifference = y.Zip(reference, (a, b) => Math.Abs((double)a - b)).Max();
Console.WriteLine($"time per call    {generatedMicroseconds,10:F1} µs  (generated, batch of {Batch}, {KernelPath.Current} kernels)");
Console.WriteLine($"scalar loop      {scalarMicroseconds,10:F1} µs  ({scalarMicroseconds / generatedMicroseconds:F1}× slower)");
Console.WriteLine($"largest |difference| from the scalar loop: {largestDifference:E2}");

static double MicrosecondsPerCall(Action call)
{
    call(); // warm up
    int calls = 0;
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < 500 || calls < 3)
    {
        call();
        calls++;
    }

    return clock.Elapsed.TotalMicroseconds / calls;
}

/// <summary>A causal self-attention block: 256 wide, 8 heads, 64 positions.</summary>
[MultiHeadAttention(DModel = 256, Heads = 8, SeqLen = 64, Mask = AttentionMask.Causal)]
public partial class CausalSelfAttention;
