namespace AttnGen.Fuzzing;

/// <summary>
/// Everything a caller does with the bytes of a safetensors file: validate them, then list, describe and read every
/// tensor by its type. The one outcome allowed for bad bytes is an <see cref="InvalidDataException"/>; any other
/// exception escapes, which is what the mutation test and the AFL++ harness (tests/AttnGen.Fuzz) count as a crash.
/// </summary>
internal static class SafeTensorsProbe
{
    /// <returns>Whether the bytes were a valid file (its tensors' values may still be refused one by one).</returns>
    public static bool Run(byte[] bytes)
    {
        SafeTensorsFile file;
        try
        {
            file = SafeTensorsFile.FromBytes(bytes);
        }
        catch (InvalidDataException)
        {
            return false;
        }

        using (file)
        {
            _ = file.Metadata.Count;
            foreach (string name in file.Names)
            {
                try
                {
                    Read(file, file.GetInfo(name));
                }
                catch (InvalidDataException)
                {
                    // A value its type cannot give (an I64 beyond int32, a BOOL byte of 2) is refused for that tensor alone.
                }
            }
        }

        return true;
    }

    private static void Read(SafeTensorsFile file, TensorInfo info)
    {
        switch (info.DType)
        {
            case "F64" or "F32" or "F16" or "BF16":
                file.ReadFloat32(info.Name);
                break;
            case "BOOL":
                file.ReadBool(info.Name);
                break;
            default:
                file.ReadInt32(info.Name);
                break;
        }
    }
}
