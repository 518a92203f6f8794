import Foundation

/// Linear warm-up to the peak rate, then cosine decay to zero at the end of training, as a function of the position
/// in epochs (fractional: epoch 2, step 30 of 120 is 2.25), so it needs no step count known in advance.
struct LearningRateSchedule {
    var peak: Double
    var warmupEpochs: Double
    var epochs: Double

    func rate(at position: Double) -> Double {
        if position < warmupEpochs { return peak * position / warmupEpochs }
        let span = max(epochs - warmupEpochs, 1e-9)
        let progress = min(max((position - warmupEpochs) / span, 0), 1)
        return peak * 0.5 * (1 + cos(Double.pi * progress))
    }
}
