using AttnGen.Fuzzing;
using SharpFuzz;

// One input per run from AFL++: validated and read through the probe, where only InvalidDataException is an allowed
// failure; any other exception escapes and AFL++ records the input as a crash.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var bytes = new MemoryStream();
    stream.CopyTo(bytes);
    SafeTensorsProbe.Run(bytes.ToArray());
});
