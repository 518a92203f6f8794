/// The activation fused into an operator's output (`tflite::ActivationFunctionType`).
///
/// For int8 outputs it becomes a clamp range on the quantized values (`CalculateActivationRangeQuantized`).
public enum FusedActivation: Int8, Equatable, Sendable {
    case none = 0
    case relu = 1
    case reluN1To1 = 2
    case relu6 = 3
    case tanh = 4
    case signBit = 5
}
