// Batch norm's passes over an NHWC activation, `rows` pixels of `channels` values.
//
// A shard's activation (dscnn: 25,600 pixels × 64 channels, 6.5 MB) is larger than L2, so each pass streams it from
// memory, and the time goes to that traffic and to loops that keep too little in registers. Each value still sees the
// operations of the plain loops over rows, in the same order, so the values are the same bits:
// - a sum over pixels (the mean, the squared deviations, the two gradient sums) runs over the pixels in order, 16
//   channels at a time with the running sums in registers, block by block of `blockRows` pixels (the block's lines
//   stay in L1 while the next 16 channels read them);
// - a pass that writes (the output, the input gradient) runs over the pixels from the last to the first: the pass
//   before ended there, so its last pixels are still in L2, and it leaves the first pixels in L2 for the layer that
//   reads them next.
// Channels past the last multiple of 16 (an 8-channel layer, 37 channels) take plain loops over the pixel's
// channels; in the backward passes a loop of their own first gates them into `Leftover`, so the loops that use them
// vectorize (one loop doing both does not: tiny's 8-channel layers ran at half speed).

extension BatchNormLayer {
    typealias Lane = SIMD16<Float>

    /// Pixels a sum runs over before its next 16 channels (16 × 64 channels × 4 bytes: 4 KiB, one page).
    static let blockRows = 16

    /// Adds to `sums[j]`, pixel after pixel, `Double(x)` of channel `j`, or with `mean` its squared deviation
    /// `Double(x − mean[j])²`.
    static func addColumnSums(
        _ x: UnsafePointer<Float>, rows: Int, channels c: Int, deviationsFrom mean: UnsafePointer<Float>?,
        into sums: UnsafeMutablePointer<Double>
    ) {
        let lanes = c / 16 * 16
        for start in stride(from: 0, to: rows, by: blockRows) {
            let end = min(start + blockRows, rows)
            for j in stride(from: 0, to: lanes, by: 16) {
                var (low, high) = (loadDouble(sums + j), loadDouble(sums + j + 8))
                if let mean {
                    let center = load(mean + j)
                    for row in start..<end {
                        let deviation = load(x + row * c + j) - center
                        let (l, h) = (SIMD8<Double>(deviation.lowHalf), SIMD8<Double>(deviation.highHalf))
                        low += l * l
                        high += h * h
                    }
                } else {
                    for row in start..<end {
                        let value = load(x + row * c + j)
                        low += SIMD8<Double>(value.lowHalf)
                        high += SIMD8<Double>(value.highHalf)
                    }
                }
                UnsafeMutableRawPointer(sums + j).storeBytes(of: low, as: SIMD8<Double>.self)
                UnsafeMutableRawPointer(sums + j + 8).storeBytes(of: high, as: SIMD8<Double>.self)
            }
            guard lanes < c else { continue }
            for row in start..<end {
                let line = x + row * c
                if let mean {
                    for j in lanes..<c {
                        let deviation = Double(line[j] - mean[j])
                        sums[j] += deviation * deviation
                    }
                } else {
                    for j in lanes..<c { sums[j] += Double(line[j]) }
                }
            }
        }
    }

    /// `y = γ·x̂ + β` through the fused activation, `x̂ = (x − mean)·inverse`; the last pixel first. (Plain loops
    /// over a pixel's channels: LLVM vectorizes them as well as 16-channel lanes, and takes 8 channels too.)
    static func normalize(
        _ x: UnsafePointer<Float>, rows: Int, channels c: Int, statistics: Statistics, ceiling: Float?,
        into y: UnsafeMutablePointer<Float>
    ) {
        let (mean, inverse, gamma, beta) = (statistics.mean, statistics.inverse, statistics.gamma, statistics.beta)
        for row in (0..<rows).reversed() {
            let (xs, ys) = (x + row * c, y + row * c)
            for j in 0..<c { ys[j] = gamma[j] * ((xs[j] - mean[j]) * inverse[j]) + beta[j] }
            // The row is still in L1.
            if let ceiling { for j in 0..<c { ys[j] = ActivationLayer.clamp(ys[j], ceiling: ceiling) } }
        }
    }

    /// Adds, pixel after pixel, the gated output gradient `dy` to `sum[j]` and `dy·x̂` to `sumNormalized[j]`.
    static func addGradientSums(
        _ outputGradient: UnsafePointer<Float>, input x: UnsafePointer<Float>, rows: Int, channels c: Int,
        statistics: Statistics, ceiling: Float?, sum: UnsafeMutablePointer<Float>,
        sumNormalized: UnsafeMutablePointer<Float>
    ) {
        let lanes = c / 16 * 16
        for start in stride(from: 0, to: rows, by: blockRows) {
            let end = min(start + blockRows, rows)
            for j in stride(from: 0, to: lanes, by: 16) {
                var (total, totalNormalized) = (load(sum + j), load(sumNormalized + j))
                for row in start..<end {
                    let (normalized, dy) = statistics.gatedLanes(
                        outputGradient, x, at: row * c + j, channel: j, ceiling)
                    total += dy
                    totalNormalized += dy * normalized
                }
                store(total, sum + j)
                store(totalNormalized, sumNormalized + j)
            }
            guard lanes < c else { continue }
            Leftover.with(channels: lanes..<c) { leftover in
                for row in start..<end {
                    leftover.gate(outputGradient, x, row: row, channels: c, statistics, ceiling)
                    for k in 0..<leftover.count {
                        sum[lanes + k] += leftover.dy[k]
                        sumNormalized[lanes + k] += leftover.dy[k] * leftover.normalized[k]
                    }
                }
            }
        }
    }

    /// `dx = scale · (N·dy − Σdy − x̂·Σ(dy·x̂))` with the gated `dy`, `scale = γ·inverse / N`; the last pixel first.
    /// `dx` may be `outputGradient` itself: each value is read before it is written.
    static func writeInputGradient(
        _ outputGradient: UnsafePointer<Float>, input x: UnsafePointer<Float>, rows: Int, channels c: Int,
        statistics: Statistics, ceiling: Float?, sum: UnsafePointer<Float>, sumNormalized: UnsafePointer<Float>,
        scale: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>
    ) {
        let (lanes, count) = (c / 16 * 16, Float(rows))
        let counts = Lane(repeating: count)
        Leftover.with(channels: lanes..<c) { leftover in
            for row in (0..<rows).reversed() {
                let dxs = dx + row * c
                for j in stride(from: 0, to: lanes, by: 16) {
                    let (normalized, dy) = statistics.gatedLanes(
                        outputGradient, x, at: row * c + j, channel: j, ceiling)
                    store(
                        load(scale + j) * (counts * dy - load(sum + j) - normalized * load(sumNormalized + j)), dxs + j)
                }
                guard leftover.count > 0 else { continue }
                leftover.gate(outputGradient, x, row: row, channels: c, statistics, ceiling)
                for k in 0..<leftover.count {
                    let j = lanes + k
                    dxs[j] = scale[j] * (count * leftover.dy[k] - sum[j] - leftover.normalized[k] * sumNormalized[j])
                }
            }
        }
    }

    /// One pixel's channels past the last multiple of 16, gated and normalized into scratch of their own.
    struct Leftover {
        let channels: Range<Int>
        let dy: UnsafeMutablePointer<Float>
        let normalized: UnsafeMutablePointer<Float>
        var count: Int { channels.count }

        /// Runs `body` with stack scratch for `channels`.
        static func with(channels: Range<Int>, _ body: (Leftover) -> Void) {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, 2 * channels.count)) { scratch in
                let base = scratch.baseAddress!
                body(Leftover(channels: channels, dy: base, normalized: base + channels.count))
            }
        }

        /// Fills `dy` and `normalized` for pixel `row`, as `Statistics.gatedLanes` does 16 channels: one select
        /// per channel, so it vectorizes.
        @inline(__always)
        func gate(
            _ outputGradient: UnsafePointer<Float>, _ x: UnsafePointer<Float>, row: Int, channels c: Int,
            _ statistics: Statistics, _ ceiling: Float?
        ) {
            let (xs, given) = (x + row * c + channels.lowerBound, outputGradient + row * c + channels.lowerBound)
            let (mean, inverse) = (statistics.mean + channels.lowerBound, statistics.inverse + channels.lowerBound)
            let (gamma, beta) = (statistics.gamma + channels.lowerBound, statistics.beta + channels.lowerBound)
            let (gated, top) = (ceiling != nil, ceiling ?? .infinity)
            for k in 0..<count {
                let value = (xs[k] - mean[k]) * inverse[k]
                normalized[k] = value
                let output = gamma[k] * value + beta[k]
                dy[k] = !gated || (output > 0 && output < top) ? given[k] : 0
            }
        }
    }

    /// What every pass but the sums of the forward pass reads per channel.
    struct Statistics {
        var mean: UnsafePointer<Float>
        var inverse: UnsafePointer<Float>
        var gamma: UnsafePointer<Float>
        var beta: UnsafePointer<Float>

        /// 16 channels' normalized input and output gradient through the fused activation (zero where the output
        /// before the clamp, `γ·x̂ + β`, is outside the open linear range).
        @inline(__always)
        func gatedLanes(
            _ outputGradient: UnsafePointer<Float>, _ x: UnsafePointer<Float>, at index: Int, channel j: Int,
            _ ceiling: Float?
        ) -> (Lane, Lane) {
            let normalized = (load(x + index) - load(mean + j)) * load(inverse + j)
            let given = load(outputGradient + index)
            guard let ceiling else { return (normalized, given) }
            let value = load(gamma + j) * normalized + load(beta + j)
            return (
                normalized, given.replacing(with: 0, where: .!((value .> 0) .& (value .< Lane(repeating: ceiling))))
            )
        }
    }
}

@inline(__always)
private func load(_ values: UnsafePointer<Float>) -> BatchNormLayer.Lane {
    UnsafeRawPointer(values).loadUnaligned(as: BatchNormLayer.Lane.self)
}

@inline(__always)
private func loadDouble(_ values: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(values).loadUnaligned(as: SIMD8<Double>.self)
}

@inline(__always)
private func store(_ lane: BatchNormLayer.Lane, _ values: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(values).storeBytes(of: lane, as: BatchNormLayer.Lane.self)
}
