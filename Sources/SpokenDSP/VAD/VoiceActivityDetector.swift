import Foundation

/// How far a log-mel frame stands out of the background noise: the detector half of the segmenter.
///
/// Per frame, the mel bands are summed (as powers) into bands (`SegmenterConfig.bandEdges`), averaged over the last
/// `SegmenterConfig.smoothingSeconds` of frames and turned into decibels. Each band keeps an adaptive noise floor
/// (the mean of its level while it looks like noise) and the noise's variance around it. A band's excess over its floor in noise standard
/// deviations, `z_b = (level_b − floor_b) / σ_b`, is about normal with unit variance in noise. The frame's score is
/// `max(max_b z_b, Σ_b z_b / √bands)`: the largest band catches a sound loud in one band (a formant, a fricative), the
/// normalized sum a weak sound that lifts every band a little; neither moves in stationary noise of any colour,
/// whatever its level. With ten narrow bands (about four mels each) a formant near the noise stands out of its own
/// band's noise instead of being averaged with the noise of a wide band, so in noise the quiet parts inside a number
/// stay speech for longer and a shorter hangover bridges them (at 10 dB SNR, with the 160 ms hangover, 2 numbers of
/// 2,400 lost where four bands lose 32, and 7 without the sum; `Scripts/vad_eval.py` on 10 ms frames, seeds 0-3). The same score of
/// the newest frame alone (`frameScore`, `frameLevel`) tells sooner that speech has stopped: the average holds a loud
/// last frame for `smoothingFrames − 1` frames more.
///
/// The floor follows a band only while the band is within `noiseUpdateMarginDB` of it, so speech does not raise it;
/// louder bands raise it very slowly (`speechAdaptation`). A lasting rise of the noise is caught by minimum
/// statistics instead: the floor is lifted to the band's quietest level of the last `minimumWindowSeconds` whenever it
/// is below it (kept as the minima of four blocks, so no frame history is needed). The first `smoothingFrames` frames
/// seed the floors, the last of them with a level averaged as every later one is, and the frames after them average
/// floor and variance plainly (rate 1/n) before the forgetting takes over: a floor seeded from one frame's level sits
/// below the noise (the decibels of a noisier estimate are lower on average) in every band at once, and one seeded
/// from one smoothed level is off by a deviation, with a variance that is only a guess; the band sum turned either
/// into a second of false speech at the start of a stream of steady noise.
///
/// Why not webrtcvad's GMM or a network: the score needs no training data and no model of the noise's spectrum,
/// costs about 2.6 k cycles per frame on a Cortex-M4F (``SegmenterCost``), and on the evaluation streams it loses
/// fewer utterances than webrtcvad and silero-vad (README).
///
/// Not thread-safe; one per stream. `score` allocates nothing.
public final class VoiceActivityDetector {
    public let config: SegmenterConfig
    /// The detector's band of each mel band (-1: outside every band, ignored).
    private let bandOfMel: [Int]
    private let bandCount: Int
    /// Frames averaged before the decibels (`SegmenterConfig.smoothingSeconds`).
    private let smoothingFrames: Int
    /// 1 / √bandCount: the band sum's scale, so that in noise it varies like one band.
    private let sumScale: Float
    /// The mel frame's decibels are power decibels times this (2 for a magnitude front end).
    private let powerScale: Float
    /// Band powers of the last `smoothingFrames` frames, a ring of `bandCount` rows.
    private let history: UnsafeMutableBufferPointer<Float>
    private let floor: UnsafeMutableBufferPointer<Float>
    private let variance: UnsafeMutableBufferPointer<Float>
    /// Per band, the minimum level of each of the last `minimumBlocks` complete blocks (a ring of rows) …
    private let blockMinima: UnsafeMutableBufferPointer<Float>
    /// … and of the block going on.
    private let currentMinimum: UnsafeMutableBufferPointer<Float>
    private let blockFrames: Int
    /// Blocks of the minimum-statistics window (see the type's comment).
    public static let minimumBlocks = 4
    private var framesSeen = 0
    /// The level of the last scored frame over all the detector's bands, in dB (smoothed like the score's levels):
    /// the whole frame's power, as the corpus measures a clip's loudness when it trims it (``SpeechSpan``), not the
    /// loudest band's, which in a narrow band falls much further than the frame's in a quiet part of a word.
    public private(set) var level: Float = -.infinity
    /// How far the last scored frame's band furthest above its noise floor stands above it, in dB.
    public private(set) var excessDB: Float = -.infinity
    /// The score of the last frame alone, without the smoothing (against the same floors and deviations).
    public private(set) var frameScore: Float = -.infinity
    /// The level of the last frame alone over all the detector's bands, in dB.
    public private(set) var frameLevel: Float = -.infinity

    /// A detector for frames of the front end `frontEnd` (its mel bands' centres decide which band each feeds).
    public init(config: SegmenterConfig = SegmenterConfig(), frontEnd: FrontEndConfig) throws(DSPError) {
        try config.validate()
        self.config = config
        let centres = MelFilterbank.edges(
            melCount: frontEnd.mels, fmin: frontEnd.fmin, fmax: frontEnd.fmax, scale: frontEnd.melScale
        ).dropFirst().prefix(frontEnd.mels)
        let edges = config.bandEdges
        let bandOfMel = centres.map { centre in
            (0..<(edges.count - 1)).first { edges[$0] <= centre && centre < edges[$0 + 1] } ?? -1
        }
        self.bandOfMel = bandOfMel
        bandCount = edges.count - 1
        sumScale = 1 / Float(edges.count - 1).squareRoot()
        guard (0..<(edges.count - 1)).allSatisfy({ bandOfMel.contains($0) }) else {
            throw DSPError(
                .invalidConfiguration,
                "segmenter config: every band of \(edges) Hz needs a mel band of the front end "
                    + "(\(frontEnd.mels) mels, \(frontEnd.fmin)–\(frontEnd.fmax) Hz)")
        }
        powerScale = frontEnd.power == 1 ? 2 : 1
        smoothingFrames = config.smoothingFrames(frontEnd: frontEnd)
        history = .allocate(capacity: smoothingFrames * bandCount)
        history.initialize(repeating: 0)
        floor = .allocate(capacity: bandCount)
        floor.initialize(repeating: 0)
        variance = .allocate(capacity: bandCount)
        variance.initialize(repeating: 1)
        let framesPerSecond = Double(frontEnd.sampleRate) / Double(frontEnd.hop)
        let windowFrames = config.minimumWindowSeconds * framesPerSecond
        blockFrames = max(1, Int((windowFrames / Double(Self.minimumBlocks)).rounded()))
        blockMinima = .allocate(capacity: Self.minimumBlocks * bandCount)
        blockMinima.initialize(repeating: .infinity)
        currentMinimum = .allocate(capacity: bandCount)
        currentMinimum.initialize(repeating: .infinity)
    }

    deinit {
        history.deallocate()
        floor.deallocate()
        variance.deallocate()
        blockMinima.deallocate()
        currentMinimum.deallocate()
    }

    /// Scores one log-mel frame (`melCount` decibel values, as `FeatureExtractor.push` gives them) and updates the
    /// noise floors. Frames must come in stream order.
    public func score(_ frame: UnsafeBufferPointer<Float>) -> Float {
        precondition(frame.count == bandOfMel.count, "frame has \(frame.count) mel bands, expected \(bandOfMel.count)")
        let slot = (framesSeen % smoothingFrames) * bandCount
        for band in 0..<bandCount { history[slot + band] = 0 }
        // 10^(x/10) as exp(x · ln 10 / 10).
        let toPower = powerScale * Float(M_LN10) / 10
        for mel in 0..<frame.count where bandOfMel[mel] >= 0 {
            history[slot + bandOfMel[mel]] += exp(frame[mel] * toPower)
        }
        framesSeen += 1
        let averaged = min(framesSeen, smoothingFrames)
        let minimumVariance = config.minimumNoiseDeviationDB * config.minimumNoiseDeviationDB
        // The first frames seed the floors; the next ones estimate floor and variance as plain averages (rate 1/n, the
        // prior variance counting as one frame) until that is slower than `noiseAdaptation`'s forgetting.
        let seeding = framesSeen <= smoothingFrames
        let learned = Float(max(1, framesSeen - smoothingFrames))
        let floorRate = max(config.noiseAdaptation, 1 / learned)
        let varianceRate = max(config.noiseAdaptation, 1 / (learned + 1))
        var best = -Float.infinity
        var zSum: Float = 0
        var frameBest = -Float.infinity
        var frameZSum: Float = 0
        var power: Float = 0
        var framePower: Float = 0
        excessDB = -.infinity
        for band in 0..<bandCount {
            var sum: Float = 0
            for row in 0..<averaged { sum += history[row * bandCount + band] }
            let level = 10 * log10(sum / Float(averaged) + Float.leastNormalMagnitude)
            let own = 10 * log10(history[slot + band] + Float.leastNormalMagnitude)
            power += sum / Float(averaged)
            framePower += history[slot + band]
            if seeding { floor[band] = level }
            let excess = level - floor[band]
            excessDB = max(excessDB, excess)
            let deviation = max(variance[band], minimumVariance).squareRoot()
            let z = excess / deviation
            let frameZ = (own - floor[band]) / deviation
            best = max(best, z)
            zSum += z
            frameBest = max(frameBest, frameZ)
            frameZSum += frameZ
            if excess < config.noiseUpdateMarginDB {
                // A seeding frame is its own floor (excess 0) and leaves the variance's prior alone.
                if !seeding {
                    floor[band] += floorRate * excess
                    variance[band] += varianceRate * (excess * excess - variance[band])
                }
            } else {
                floor[band] += config.speechAdaptation * excess
            }
            currentMinimum[band] = min(currentMinimum[band], level)
            if framesSeen > Self.minimumBlocks * blockFrames {
                var quietest = currentMinimum[band]
                for block in 0..<Self.minimumBlocks { quietest = min(quietest, blockMinima[block * bandCount + band]) }
                floor[band] = max(floor[band], quietest)
            }
        }
        if framesSeen % blockFrames == 0 {
            let row = (framesSeen / blockFrames) % Self.minimumBlocks * bandCount
            for band in 0..<bandCount {
                blockMinima[row + band] = currentMinimum[band]
                currentMinimum[band] = .infinity
            }
        }
        self.level = 10 * log10(power + Float.leastNormalMagnitude)
        frameLevel = 10 * log10(framePower + Float.leastNormalMagnitude)
        frameScore = max(frameBest, frameZSum * sumScale)
        return max(best, zSum * sumScale)
    }

    /// Forgets the noise: the next frame seeds the floors again.
    public func reset() {
        framesSeen = 0
        history.update(repeating: 0)
        variance.update(repeating: 1)
        blockMinima.update(repeating: .infinity)
        currentMinimum.update(repeating: .infinity)
    }
}
