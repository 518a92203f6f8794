import SpokenNN

/// One spatial axis of a sliding window (convolution or pooling) under TFLite's padding rules, so a trained
/// network and its exported `.tflite` see the same windows.
///
/// SAME: `output = ⌈input / stride⌉`, padding `max((output − 1)·stride + span − input, 0)` split with the smaller half
/// before. VALID: `output = ⌈(input − span + 1) / stride⌉`, no padding. `span = (kernel − 1)·dilation + 1`.
struct WindowAxis: Equatable, Sendable {
    var kernel: Int
    var stride: Int
    var dilation: Int
    /// SAME (true) or VALID padding.
    var same: Bool
    /// Output positions along the axis.
    var output: Int
    /// Padding before the first input position: output `o`, tap `k` reads input `o·stride − padBefore + k·dilation`.
    var padBefore: Int

    /// The axis, or nil when a VALID window is larger than the input.
    init?(input: Int, kernel: Int, stride: Int, dilation: Int = 1, same: Bool) {
        let span = (kernel - 1) * dilation + 1
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        self.same = same
        if same {
            output = (input + stride - 1) / stride
            padBefore = max((output - 1) * stride + span - input, 0) / 2
        } else {
            guard input >= span else { return nil }
            output = (input - span + stride) / stride
            padBefore = 0
        }
    }

    /// The padding in TFLite's terms.
    var padding: InferenceOp.Padding { same ? .same : .valid }

    /// The input position that output `position`'s tap `tap` reads (may lie in the padding: < 0 or ≥ input).
    @inline(__always)
    func source(_ position: Int, _ tap: Int) -> Int { position * stride - padBefore + tap * dilation }

    /// The output position whose tap `tap` reads input `position` (the inverse of `source`), or nil when no window
    /// places that tap there. May be past the last output position; callers check.
    @inline(__always)
    func window(reading position: Int, tap: Int) -> Int? {
        let offset = position + padBefore - tap * dilation
        guard offset >= 0, offset % stride == 0 else { return nil }
        return offset / stride
    }
}
