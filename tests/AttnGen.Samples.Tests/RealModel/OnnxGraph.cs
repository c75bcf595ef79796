using System.Runtime.InteropServices;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>One operator of an ONNX graph: what it computes, from which values, into which.</summary>
internal sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>A constant of an ONNX graph; <see cref="Values"/> is null unless its elements are 32-bit floats.</summary>
internal sealed record OnnxInitializer(string Name, int[] Shape, float[]? Values);

/// <summary>
/// The nodes and initializers of an ONNX model's main graph, read from its protobuf encoding. Only the fields that
/// name weights and connect them are read; attributes, value infos and metadata are skipped.
/// </summary>
/// <remarks>Field numbers are onnx.proto's: ModelProto.graph 7; GraphProto.node 1, initializer 5; NodeProto input 1,
/// output 2, op_type 4; TensorProto dims 1, data_type 2, float_data 4, name 8, raw_data 9.</remarks>
internal sealed class OnnxGraph
{
    /// <summary>TensorProto.DataType.FLOAT.</summary>
    private const int Float32 = 1;

    /// <summary>A graph of the given parts; the tests build edited copies of a parsed one with it.</summary>
    internal OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxInitializer> initializers)
    {
        Nodes = nodes;
        Initializers = initializers;
    }

    /// <summary>The operators, in the file's (topological) order.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    public IReadOnlyList<OnnxInitializer> Initializers { get; }

    /// <summary>Reads a serialized ModelProto.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a ModelProto with a graph.</exception>
    public static OnnxGraph Parse(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        while (reader.Next())
        {
            if (reader.Field == 7 && reader.Type == ProtoReader.WireType.LengthDelimited)
            {
                return ParseGraph(reader.LengthDelimited());
            }

            reader.Skip();
        }

        throw new InvalidDataException("The ONNX model has no graph (ModelProto field 7).");
    }

    private static OnnxGraph ParseGraph(ReadOnlySpan<byte> graph)
    {
        List<OnnxNode> nodes = [];
        List<OnnxInitializer> initializers = [];
        var reader = new ProtoReader(graph);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    nodes.Add(ParseNode(reader.LengthDelimited()));
                    break;
                case 5:
                    initializers.Add(ParseTensor(reader.LengthDelimited()));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new OnnxGraph(nodes, initializers);
    }

    private static OnnxNode ParseNode(ReadOnlySpan<byte> node)
    {
        List<string> inputs = [], outputs = [];
        string opType = "";
        var reader = new ProtoReader(node);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    inputs.Add(reader.String());
                    break;
                case 2:
                    outputs.Add(reader.String());
                    break;
                case 4:
                    opType = reader.String();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new OnnxNode(opType, inputs, outputs);
    }

    private static OnnxInitializer ParseTensor(ReadOnlySpan<byte> tensor)
    {
        List<int> shape = [];
        List<float> floatData = [];
        ReadOnlySpan<byte> rawData = default;
        string name = "";
        int dataType = 0;
        var reader = new ProtoReader(tensor);
        while (reader.Next())
        {
            switch (reader.Field, reader.Type)
            {
                // Repeated scalars may arrive packed (one length-delimited run) or one by one; a parser must take both.
                case (1, ProtoReader.WireType.LengthDelimited):
                    for (var packed = new ProtoReader(reader.LengthDelimited()); !packed.AtEnd;)
                    {
                        shape.Add(checked((int)packed.Varint()));
                    }

                    break;
                case (1, ProtoReader.WireType.Varint):
                    shape.Add(checked((int)reader.Varint()));
                    break;
                case (2, _):
                    dataType = (int)reader.Varint();
                    break;
                case (4, ProtoReader.WireType.LengthDelimited):
                    floatData.AddRange(MemoryMarshal.Cast<byte, float>(reader.LengthDelimited()));
                    break;
                case (4, ProtoReader.WireType.Fixed32):
                    floatData.Add(reader.Fixed32());
                    break;
                case (8, _):
                    name = reader.String();
                    break;
                case (9, _):
                    rawData = reader.LengthDelimited();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // raw_data is little-endian, as is every machine these tests run on.
        float[]? values = dataType != Float32 ? null : rawData.IsEmpty ? [.. floatData] : MemoryMarshal.Cast<byte, float>(rawData).ToArray();
        return new OnnxInitializer(name, [.. shape], values);
    }
}
