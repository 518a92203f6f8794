@testable import SpokenNN

/// Runs kernels on arrays, with freshly allocated scratch, for tests.
enum KernelRunner {
    static func run(_ kernel: Conv2D, input: [Int8], outputCount: Int) -> [Int8] {
        withScratch(kernel.scratchByteCount, outputCount) { kernel.run(input: input, output: $0, scratch: $1) }
    }

    static func run(_ kernel: DepthwiseConv2D, input: [Int8], outputCount: Int) -> [Int8] {
        withScratch(kernel.scratchByteCount, outputCount) { kernel.run(input: input, output: $0, scratch: $1) }
    }

    static func run(_ kernel: FullyConnected, input: [Int8], outputCount: Int) -> [Int8] {
        withScratch(kernel.scratchByteCount, outputCount) { kernel.run(input: input, output: $0, scratch: $1) }
    }

    /// Calls `body(output, scratch)` with an output array of `count` zeros and `scratchBytes` of scratch.
    static func withScratch(
        _ scratchBytes: Int, _ count: Int,
        _ body: (UnsafeMutableBufferPointer<Int8>, UnsafeMutableRawBufferPointer) -> Void
    ) -> [Int8] {
        var output = [Int8](repeating: 0, count: count)
        let scratch = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(scratchBytes, 1), alignment: TensorMemory.scratchAlignment)
        defer { scratch.deallocate() }
        output.withUnsafeMutableBufferPointer { body($0, scratch) }
        return output
    }
}

extension Conv2D {
    func run(input: [Int8], output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer) {
        input.withUnsafeBufferPointer { run(input: $0, output: output, scratch: scratch) }
    }
}

extension DepthwiseConv2D {
    func run(input: [Int8], output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer) {
        input.withUnsafeBufferPointer { run(input: $0, output: output, scratch: scratch) }
    }
}

extension FullyConnected {
    func run(input: [Int8], output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer) {
        input.withUnsafeBufferPointer { run(input: $0, output: output, scratch: scratch) }
    }
}
