/// The float ranges that post-training quantization turns into int8 scales and zero points: the graph input's
/// (from the features themselves) and every node output's, measured by running `FloatReference` over
/// calibration examples, as TFLite's converter does with its representative dataset.
public struct Calibration: Sendable, Equatable {
    /// The smallest and largest input value.
    public var input: ClosedRange<Float>
    /// The smallest and largest output value of each node, in node order.
    public var nodes: [ClosedRange<Float>]

    public init(input: ClosedRange<Float>, nodes: [ClosedRange<Float>]) {
        self.input = input
        self.nodes = nodes
    }

    /// Measures the ranges over every example of `features` (which must have the graph's input shape).
    public init(reference: FloatReference, features: LabeledFeatures) throws(TrainError) {
        let shape = reference.graph.inputShape
        guard features.count > 0 else { throw TrainError(.export, "calibration needs at least one example") }
        guard features.frames == shape[0], features.mels == shape[1] else {
            throw TrainError(
                .export,
                "calibration features are \(features.frames) × \(features.mels), the graph takes \(shape[0]) × "
                    + "\(shape[1])")
        }
        guard let low = features.values.min(), let high = features.values.max(), low.isFinite, high.isFinite else {
            throw TrainError(.export, "calibration features hold a NaN or an infinity")
        }
        input = low...high
        var minima = [Float](repeating: .infinity, count: reference.graph.nodes.count)
        var maxima = [Float](repeating: -.infinity, count: reference.graph.nodes.count)
        for example in 0..<features.count {
            for (node, values) in reference.outputs(of: features.example(example)).enumerated() {
                for value in values {
                    minima[node] = min(minima[node], value)
                    maxima[node] = max(maxima[node], value)
                }
            }
        }
        var nodes: [ClosedRange<Float>] = []
        for node in minima.indices {
            guard minima[node].isFinite, maxima[node].isFinite else {
                throw TrainError(.export, "node \(node) gives a NaN or an infinity on the calibration examples")
            }
            nodes.append(minima[node]...maxima[node])
        }
        self.nodes = nodes
    }
}
