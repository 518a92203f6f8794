import Foundation

/// Adam with decoupled weight decay (Loshchilov and Hutter), as Keras's `AdamW`: the decay `lr · λ · w` is applied
/// to the decayed ranges directly, not through the gradient.
struct AdamW {
    static let beta1: Float = 0.9
    static let beta2: Float = 0.999
    static let epsilon: Float = 1e-7

    /// First and second moment estimates, one per parameter.
    var first: [Float]
    var second: [Float]
    /// Updates made so far (for the bias correction).
    var step: Int
    /// Per parameter: decayed or not.
    let decayed: [Bool]

    init(count: Int, decayed ranges: [Range<Int>]) {
        first = [Float](repeating: 0, count: count)
        second = [Float](repeating: 0, count: count)
        step = 0
        var decayed = [Bool](repeating: false, count: count)
        for range in ranges { decayed[range] = ArraySlice(repeating: true, count: range.count) }
        self.decayed = decayed
    }

    mutating func update(
        _ parameters: inout [Float], gradients: UnsafePointer<Float>, learningRate: Float, weightDecay: Float
    ) {
        step += 1
        let correction1 = 1 - pow(Self.beta1, Float(step))
        let correction2 = 1 - pow(Self.beta2, Float(step))
        let stepSize = learningRate / correction1
        let decay = learningRate * weightDecay
        for index in parameters.indices {
            let g = gradients[index]
            first[index] = Self.beta1 * first[index] + (1 - Self.beta1) * g
            second[index] = Self.beta2 * second[index] + (1 - Self.beta2) * g * g
            var value = parameters[index]
            if decayed[index] { value -= decay * value }
            value -= stepSize * first[index] / ((second[index] / correction2).squareRoot() + Self.epsilon)
            parameters[index] = value
        }
    }
}
