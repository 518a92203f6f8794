/// The C layouts of TFLM's larger kernel `OpData` structs, member by member, so the arena is charged what the
/// device (or the host `tflite-micro` build) spends on them.
enum OpDataLayout {
    /// `OpDataConv` (kernels/conv.h), also used by DEPTHWISE_CONV_2D: padding (4), input/filter/output zero points,
    /// output multiplier and shift, per-channel multiplier and shift pointers, activation min/max,
    /// `filter_buffer_index`, and with compression `weights_scratch_index`, `bias_scratch_index`.
    static let conv: [PersistentAllocation.Field] =
        .init(repeating: .int32, count: 9) + [.pointer, .pointer, .int32, .int32, .int32]
        + [.compressionInt32, .compressionInt32]

    /// `OpDataFullyConnected` (kernels/fully_connected.h): output multiplier, shift, activation min/max, three zero
    /// points, per-channel multiplier and shift pointers, `is_per_channel`, `filter_buffer_index`, and in the
    /// compression build 16 more bytes (72 in all, measured from the `tflite-micro` package).
    static let fullyConnected: [PersistentAllocation.Field] =
        .init(repeating: .int32, count: 7) + [.pointer, .pointer, .bool, .int32]
        + .init(repeating: .compressionInt32, count: 4)
}
