/// RESHAPE: the bytes do not change, only the shape; when the output is a different buffer they are copied
/// (TFLM's reshape.cc `memcpy`s unless input and output share memory).
public enum Reshape {
    public static func run(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= input.count, "RESHAPE output size")
        guard let source = input.baseAddress, let destination = output.baseAddress, source != destination else {
            return
        }
        destination.copyMemory(from: source, byteCount: input.count)
    }
}
