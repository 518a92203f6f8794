import Foundation

/// Softmax cross-entropy with label smoothing, and its gradient with respect to the logits.
///
/// The target of an example with label `y` is `(1 − ε)·onehot(y) + ε / classes`; the gradient is
/// `(softmax − target) · scale` (the trainer passes `1 / batch size`, so shards' gradients add up to the batch mean).
enum SoftmaxCrossEntropy {
    struct Result {
        var lossSum: Double
        var correct: Int
        var gradient: [Float]
    }

    static func evaluate(logits: [Float], labels: [Int], classes: Int, smoothing: Float, scale: Float) -> Result {
        var result = Result(lossSum: 0, correct: 0, gradient: [Float](repeating: 0, count: logits.count))
        let offTarget = smoothing / Float(classes)
        for (row, label) in labels.enumerated() {
            let probabilities = softmax(logits[(row * classes)..<((row + 1) * classes)])
            var best = 0
            for j in 0..<classes {
                let target = (j == label ? 1 - smoothing : 0) + offTarget
                if target > 0 { result.lossSum -= Double(target) * log(max(Double(probabilities[j]), 1e-30)) }
                result.gradient[row * classes + j] = (probabilities[j] - target) * scale
                if logits[row * classes + j] > logits[row * classes + best] { best = j }
            }
            if best == label { result.correct += 1 }
        }
        return result
    }

    /// Probabilities from one row of logits (shifted by the maximum, so large logits do not overflow).
    static func softmax(_ logits: ArraySlice<Float>) -> [Float] {
        let peak = logits.max() ?? 0
        let exponentials = logits.map { Float(exp(Double($0 - peak))) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }
}
