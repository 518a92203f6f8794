/// Where each tensor's data lives while a model runs: one raw pointer per tensor (and per scratch buffer), fixed
/// at load.
///
/// Ops keep tensor indices and read the pointer here at eval time: an array load, no dictionary, no reference
/// counting per element. Constant tensors point into the interpreter's copy of the model's constant data,
/// activations into the arena's head.
final class TensorMemory {
    let count: Int
    let pointers: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// Working memory of the Swift kernels (`Operation.hostScratchBytes`), shared by every op; aligned for the
    /// 16-lane vectors (`FixedPoint.Lanes`, 64 bytes) they keep in it.
    let hostScratch: UnsafeMutableRawBufferPointer

    static let scratchAlignment = MemoryLayout<FixedPoint.Lanes>.alignment

    init(count: Int, hostScratchBytes: Int) {
        self.count = count
        pointers = .allocate(capacity: max(count, 1))
        pointers.initialize(repeating: nil, count: max(count, 1))
        hostScratch = .allocate(byteCount: max(hostScratchBytes, 16), alignment: Self.scratchAlignment)
    }

    deinit {
        pointers.deallocate()
        hostScratch.deallocate()
    }

    @inline(__always)
    func raw(_ index: Int) -> UnsafeMutableRawPointer {
        pointers[index]!
    }

    @inline(__always)
    func int8(_ index: Int) -> UnsafeMutablePointer<Int8> {
        pointers[index]!.assumingMemoryBound(to: Int8.self)
    }

    /// Tensor `index` as `count` int8 values to read.
    @inline(__always)
    func int8Input(_ index: Int, _ count: Int) -> UnsafeBufferPointer<Int8> {
        UnsafeBufferPointer(start: pointers[index]!.assumingMemoryBound(to: Int8.self), count: count)
    }

    /// Tensor `index` as `count` int8 values to write.
    @inline(__always)
    func int8Output(_ index: Int, _ count: Int) -> UnsafeMutableBufferPointer<Int8> {
        UnsafeMutableBufferPointer(start: pointers[index]!.assumingMemoryBound(to: Int8.self), count: count)
    }

    @inline(__always)
    func int32(_ index: Int) -> UnsafeMutablePointer<Int32> {
        pointers[index]!.assumingMemoryBound(to: Int32.self)
    }

    @inline(__always)
    func float(_ index: Int) -> UnsafeMutablePointer<Float> {
        pointers[index]!.assumingMemoryBound(to: Float.self)
    }
}
