using CsCheck;

namespace AttnGen.Runtime.Tests.Properties;

/// <summary>
/// What <see cref="SafeTensorsWriter"/> writes, <see cref="SafeTensorsFile"/> reads back: random tensors of random
/// shapes (scalars, empty dimensions) and dtypes, each value exactly as its dtype stores it.
/// </summary>
public sealed class SafeTensorsRoundTripProperties
{
    private static readonly string[] DTypes = ["F32", "F16", "BF16", "I32"];

    private static readonly Gen<(string DType, int[] Shape, uint[] Bits)> Tensor =
        from dtype in Gen.OneOf(DTypes)
        from shape in Gen.Int[0, 4].Array[0, 3]
        from bits in Gen.UInt.Array[shape.Aggregate(1, (a, b) => a * b)]
        select (dtype, shape, bits);

    [Fact]
    public void Random_tensors_read_back_as_written()
    {
        Tensor.Array[0, 6].Sample(tensors =>
        {
            SafeTensor[] written = [.. tensors.Select((t, i) => Make($"t{i}.{t.DType}", t.DType, t.Shape, t.Bits))];
            var metadata = new Dictionary<string, string> { ["tensors"] = tensors.Length.ToString() };

            using SafeTensorsFile file = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(written, metadata));

            // The writer may order tensors as it lays them out (widest dtype first); the names are all there, once.
            Assert.Equal(written.Select(t => t.Name).Order(), file.Names.Order());
            Assert.Equal(metadata, file.Metadata);
            for (int i = 0; i < tensors.Length; i++)
            {
                (string dtype, int[] shape, uint[] bits) = tensors[i];
                TensorInfo info = file.GetInfo(written[i].Name);
                Assert.Equal(dtype, info.DType);
                Assert.Equal(shape, info.Shape);
                if (dtype == "I32")
                {
                    Assert.Equal(bits.Select(b => (int)b), file.ReadInt32(info.Name));
                }
                else
                {
                    Assert.Equal(bits.Select(b => BitConverter.SingleToUInt32Bits(Stored(dtype, b))),
                        file.ReadFloat32(info.Name).Select(BitConverter.SingleToUInt32Bits));
                }
            }
        }, iter: 300);
    }

    private static SafeTensor Make(string name, string dtype, int[] shape, uint[] bits)
    {
        float[] values = [.. bits.Select(BitConverter.UInt32BitsToSingle)];
        return dtype switch
        {
            "F32" => SafeTensor.FromFloat32(name, shape, values),
            "F16" => SafeTensor.FromFloat16(name, shape, values),
            "BF16" => SafeTensor.FromBFloat16(name, shape, values),
            _ => SafeTensor.FromInt32(name, shape, [.. bits.Select(b => (int)b)]),
        };
    }

    /// <summary>The float32 a value reads back as once stored in <paramref name="dtype"/>: rounded to it, ties to even.</summary>
    private static float Stored(string dtype, uint bits)
    {
        float value = BitConverter.UInt32BitsToSingle(bits);
        return dtype switch
        {
            "F16" => (float)(Half)value,
            "BF16" => SafeTensorsDTypes.BFloat16ToSingle(SafeTensorsDTypes.SingleToBFloat16(value)),
            _ => value,
        };
    }
}
