/// How a convolution or pooling window treats the border (`tflite::Padding`).
public enum Padding: Int8, Equatable, Sendable {
    /// Output size `ceil(input / stride)`, zero (zero-point) padding split evenly, the extra cell at the end.
    case same = 0
    /// No padding: output size `ceil((input - effective filter + 1) / stride)`.
    case valid = 1
}
