/// A prepared operator, like a TFLM kernel after `Prepare`: its parameters are computed, its tensors checked;
/// `eval` only calls the kernel on the tensors' memory.
protocol Operation {
    /// Bytes of working memory the Swift kernel needs beyond TFLM's arena (e.g. a zero-point-padded image). It is
    /// host memory, shared by all ops and allocated once at load; TFLM's reference kernels need none, so it is not
    /// charged to the arena.
    var hostScratchBytes: Int { get }

    /// Runs the op. Must not allocate.
    func eval(_ memory: TensorMemory)
}

extension Operation {
    var hostScratchBytes: Int { 0 }
}
