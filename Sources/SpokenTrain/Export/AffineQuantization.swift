import Foundation

/// An int8 quantization `real = scale · (q − zeroPoint)` and how TFLite's post-training quantizer chooses it.
struct AffineQuantization: Equatable {
    var scale: Float
    var zeroPoint: Int

    /// Per-tensor asymmetric int8 for activations, as TFLite's `GetAsymmetricQuantizationParams`: the range is
    /// widened to hold 0, `scale = (max − min) / 255`, and the zero point is `−128 − min / scale` rounded (nudged
    /// into −128…127). A range that is only 0 gets scale 1.
    static func activation(_ range: ClosedRange<Float>) -> AffineQuantization {
        let low = Double(min(range.lowerBound, 0))
        let high = Double(max(range.upperBound, 0))
        guard high > low else { return AffineQuantization(scale: 1, zeroPoint: 0) }
        let scale = (high - low) / 255
        let fromMin = -128 - low / scale
        let zeroPoint = fromMin < -128 ? -128 : fromMin > 127 ? 127 : Int(fromMin.rounded(.toNearestOrAwayFromZero))
        return AffineQuantization(scale: Float(scale), zeroPoint: zeroPoint)
    }

    /// Per-channel symmetric int8 for weights, as TFLite's `SymmetricPerChannelQuantizeValues`: each channel's
    /// scale is its largest magnitude / 127 (1 for an all-zero channel), values rounded and kept in −127…127.
    ///
    /// `channels` slices of `weights`, channel `c`'s values found by `index(c, k)` for `k` in `0..<perChannel`.
    static func weights(
        _ weights: [Float], channels: Int, perChannel: Int, index: (Int, Int) -> Int
    ) -> (values: [Int8], scales: [Float]) {
        var values = [Int8](repeating: 0, count: weights.count)
        var scales: [Float] = []
        for c in 0..<channels {
            var largest: Float = 0
            for k in 0..<perChannel { largest = max(largest, abs(weights[index(c, k)])) }
            let scale = largest > 0 ? largest / 127 : 1
            scales.append(scale)
            for k in 0..<perChannel {
                let q = (weights[index(c, k)] / scale).rounded(.toNearestOrAwayFromZero)
                values[index(c, k)] = Int8(min(max(q, -127), 127))
            }
        }
        return (values, scales)
    }

    /// An int32 bias for an input scale and per-channel weight scales: `round(b / (inputScale · weightScale))`.
    static func bias(_ bias: [Float], inputScale: Float, weightScales: [Float]) -> (values: [Int32], scales: [Float]) {
        let scales = weightScales.map { $0 * inputScale }
        let values = zip(bias, scales).map { b, scale in
            Int32(
                min(max((Double(b) / Double(scale)).rounded(.toNearestOrAwayFromZero), -2_147_483_648), 2_147_483_647))
        }
        return (values, scales)
    }
}
