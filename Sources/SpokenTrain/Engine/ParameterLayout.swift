import SpokenDSP

/// Where each layer's trainable values and state live in the network's flat vectors, and how they start.
///
/// Built while the network is built: every layer asks for its ranges in order, so the same architecture always gets
/// the same layout (a checkpoint is just the vectors).
struct ParameterLayout {
    /// How a range starts out.
    enum Initializer {
        case zeros
        case ones
        /// Glorot (Xavier) uniform, Keras's default for kernels: `±√(6 / (fanIn + fanOut))`.
        case glorotUniform(fanIn: Int, fanOut: Int)
    }

    private(set) var parameterCount = 0
    private(set) var stateCount = 0
    /// The parameter ranges AdamW decays (kernels; not biases or batch-norm scales and shifts).
    private(set) var decayed: [Range<Int>] = []
    private var parameterInitializers: [(Range<Int>, Initializer)] = []
    private var stateInitializers: [(Range<Int>, Initializer)] = []

    /// Reserves `count` parameters and returns their offset.
    mutating func parameters(_ count: Int, decay: Bool, initial: Initializer) -> Int {
        let range = parameterCount..<(parameterCount + count)
        parameterCount += count
        if decay { decayed.append(range) }
        parameterInitializers.append((range, initial))
        return range.lowerBound
    }

    /// Reserves `count` state values and returns their offset.
    mutating func state(_ count: Int, initial: Initializer) -> Int {
        let range = stateCount..<(stateCount + count)
        stateCount += count
        stateInitializers.append((range, initial))
        return range.lowerBound
    }

    /// Fresh parameters drawn from `seed`.
    func initialParameters(seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        return Self.fill(parameterCount, parameterInitializers, &random)
    }

    /// Fresh state (running means 0, variances 1).
    func initialState() -> [Float] {
        var random = SplitMix64(seed: 0)
        return Self.fill(stateCount, stateInitializers, &random)
    }

    private static func fill(_ count: Int, _ ranges: [(Range<Int>, Initializer)], _ random: inout SplitMix64)
        -> [Float]
    {
        var values = [Float](repeating: 0, count: count)
        for (range, initial) in ranges {
            switch initial {
            case .zeros: break
            case .ones: values[range] = ArraySlice(repeating: 1, count: range.count)
            case .glorotUniform(let fanIn, let fanOut):
                let limit = (6 / Float(fanIn + fanOut)).squareRoot()
                for index in range { values[index] = limit * (2 * random.unitFloat() - 1) }
            }
        }
        return values
    }
}
