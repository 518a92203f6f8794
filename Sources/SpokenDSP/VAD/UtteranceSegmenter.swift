/// Cuts a stream of log-mel frames into utterances: voice activity detection, hangover, minimum and maximum length,
/// pre-roll.
///
/// Feed it every frame `FeatureExtractor.push` produces, in order; it reports through the callback:
///
/// ```swift
/// let segmenter = try UtteranceSegmenter(frontEnd: extractor.config)
/// try extractor.push(samples) { frame in
///     segmenter.push(frame) { event in
///         switch event {
///         case .speechStarted(let sample): print("speech at \(sample)")
///         case .utterance(let utterance): recognize(extractor.finalize(utterance.matrix()))
///         }
///     }
/// }
/// segmenter.finish { … }   // at the end of a file: speech still going on ends here
/// ```
///
/// The decisions (``VoiceActivityDetector`` scores each frame):
/// - speech **starts** after `onsetSeconds` of frames scoring above `onsetThreshold`, at the first of them;
/// - it **goes on** while frames score above `continueThreshold` (and are within `speechRangeDB` of its loudest
///   frame), and **ends** after `hangoverSeconds` of frames that do not, at the last frame that did — so the end is
///   known `hangoverSeconds` after the speech stopped. In a quiet room (the utterance stood `quietRoomExcessDB`
///   above the noise) a frame goes on with the speech only if it does so by its own level too, not only by the
///   smoothed one, which holds a loud last frame two frames longer. Its tail does not start the next utterance (the
///   range fades by `speechRangeDB` per second after the end);
/// - speech shorter than `minimumSeconds` is dropped without a word: `speechStarted` is announced only once the
///   speech is that long, so every announced start is followed by its `utterance`;
/// - speech longer than `maximumSeconds` is cut there (`isSplit`) and goes on as a new utterance;
/// - an utterance's frames run from `preRollSeconds` before its start to `tailSeconds` after its end.
///
/// Frame `t` covers stream samples `t·hop ..< t·hop + n_fft`, and sample positions in the events count from the
/// first sample given to the extractor.
///
/// Not thread-safe; one per stream. `push` allocates nothing: the frame history and the utterance buffer are made
/// in `init` (about `(preRoll + maximum + hangover) × mels` floats, 26 k values with the defaults).
public final class UtteranceSegmenter {
    public let config: SegmenterConfig
    public let detector: VoiceActivityDetector
    public let melCount: Int
    private let hop: Int
    private let frameLength: Int
    private let onsetFrames: Int
    private let hangoverFrames: Int
    /// How fast the last utterance's range fades after it, in dB per frame.
    private let rangeDecayPerFrame: Float
    private let minimumFrames: Int
    private let maximumFrames: Int
    private let preRollFrames: Int
    private let tailFrames: Int
    /// The last `historyFrames` frames, a ring indexed by frame number.
    private let historyFrames: Int
    private let history: UnsafeMutableBufferPointer<Float>
    /// Where an utterance's frames are gathered in order before they are handed out.
    private let output: UnsafeMutableBufferPointer<Float>

    private var frame = 0
    private var onsetRun = 0
    private var inSpeech = false
    private var announced = false
    private var start = 0
    private var lastSpeech = 0
    private var silence = 0
    /// The loudest frame level (``VoiceActivityDetector/level``) of the speech going on …
    private var peak: Float = -.infinity
    /// … and its largest excess over the noise (``VoiceActivityDetector/excessDB``).
    private var peakExcess: Float = -.infinity

    /// A segmenter for the frames of `frontEnd` (which gives the frame period and the mel bands).
    public init(config: SegmenterConfig = SegmenterConfig(), frontEnd: FrontEndConfig) throws(DSPError) {
        detector = try VoiceActivityDetector(config: config, frontEnd: frontEnd)
        self.config = config
        melCount = frontEnd.mels
        hop = frontEnd.hop
        frameLength = frontEnd.nFFT
        let framesPerSecond = Double(frontEnd.sampleRate) / Double(frontEnd.hop)
        func frames(_ seconds: Double) -> Int { Int((seconds * framesPerSecond).rounded()) }
        onsetFrames = max(1, frames(config.onsetSeconds))
        hangoverFrames = max(1, frames(config.hangoverSeconds))
        rangeDecayPerFrame = config.speechRangeDB / Float(framesPerSecond)
        minimumFrames = max(1, frames(config.minimumSeconds))
        maximumFrames = max(minimumFrames + 1, frames(config.maximumSeconds))
        preRollFrames = frames(config.preRollSeconds)
        tailFrames = min(frames(config.tailSeconds), hangoverFrames)
        historyFrames = preRollFrames + maximumFrames + hangoverFrames + 1
        history = .allocate(capacity: historyFrames * melCount)
        history.initialize(repeating: 0)
        output = .allocate(capacity: (preRollFrames + maximumFrames + tailFrames) * melCount)
        output.initialize(repeating: 0)
    }

    deinit {
        history.deallocate()
        output.deallocate()
    }

    /// Frames pushed so far (the stream index of the next frame).
    public var framesPushed: Int { frame }

    /// Whether the segmenter is inside speech now (announced or not yet).
    public var isInSpeech: Bool { inSpeech }

    /// Takes the next log-mel frame and reports what it decided (at most an utterance and a start per frame).
    public func push(_ values: UnsafeBufferPointer<Float>, _ report: (SegmenterEvent) -> Void) {
        precondition(values.count == melCount, "frame has \(values.count) mel bands, expected \(melCount)")
        let t = frame
        frame += 1
        let slot = (t % historyFrames) * melCount
        for mel in 0..<melCount { history[slot + mel] = values[mel] }
        let score = detector.score(values)

        guard inSpeech else {
            // What is left of the last utterance's range: its tail must not start the next one. The reference
            // falls by `speechRangeDB` per second after the end, so it is gone before the next word could be
            // that much quieter.
            let reference = peak - config.speechRangeDB - rangeDecayPerFrame * Float(t - lastSpeech)
            onsetRun = score > config.onsetThreshold && detector.level > reference ? onsetRun + 1 : 0
            if onsetRun >= onsetFrames {
                inSpeech = true
                peak = detector.level
                peakExcess = detector.excessDB
                announced = false
                start = t - onsetRun + 1
                lastSpeech = t
                silence = 0
                onsetRun = 0
                announceIfLongEnough(report)
            }
            return
        }
        peak = max(peak, detector.level)
        peakExcess = max(peakExcess, detector.excessDB)
        // In louder noise a single frame's level strays too far: weak sounds inside a number would end it.
        let quietRoom = peakExcess >= config.quietRoomExcessDB
        let going = quietRoom ? min(score, detector.frameScore) : score
        let level = quietRoom ? min(detector.level, detector.frameLevel) : detector.level
        if going > config.continueThreshold, level > peak - config.speechRangeDB {
            lastSpeech = t
            silence = 0
            announceIfLongEnough(report)
        } else {
            silence += 1
            if silence >= hangoverFrames {
                if announced { emit(through: lastSpeech, decidedAt: t, split: false, report) }
                inSpeech = false
                return
            }
        }
        if t - start + 1 >= maximumFrames {
            if announced { emit(through: min(lastSpeech, t), decidedAt: t, split: true, report) }
            start = t + 1
            lastSpeech = t
            silence = 0
            announced = false
        }
    }

    /// Ends the stream: speech still going on (and long enough) becomes an utterance ending at its last speech
    /// frame. The segmenter is then reset for a new stream.
    public func finish(_ report: (SegmenterEvent) -> Void) {
        if inSpeech && announced && frame > 0 {
            emit(through: lastSpeech, decidedAt: frame - 1, split: false, report)
        }
        reset()
    }

    /// Forgets the stream and the noise: the next frame is frame 0 of a new stream.
    public func reset() {
        frame = 0
        onsetRun = 0
        inSpeech = false
        announced = false
        silence = 0
        peak = -.infinity
        detector.reset()
    }

    private func announceIfLongEnough(_ report: (SegmenterEvent) -> Void) {
        guard !announced, lastSpeech - start + 1 >= minimumFrames else { return }
        announced = true
        report(.speechStarted(sample: start * hop))
    }

    /// Hands out the utterance whose speech ends at frame `last`, decided at frame `decided`.
    private func emit(through last: Int, decidedAt decided: Int, split: Bool, _ report: (SegmenterEvent) -> Void) {
        let first = max(0, start - preRollFrames, decided - historyFrames + 1)
        let end = min(last + tailFrames, decided)
        let count = end - first + 1
        for (row, t) in (first...end).enumerated() {
            let source = (t % historyFrames) * melCount
            for mel in 0..<melCount { output[row * melCount + mel] = history[source + mel] }
        }
        let utterance = SegmentedUtterance(
            speechSamples: (start * hop)..<(last * hop + frameLength),
            samples: (first * hop)..<(end * hop + frameLength), firstFrame: first,
            frames: UnsafeBufferPointer(rebasing: output[0..<(count * melCount)]), frameCount: count,
            melCount: melCount, isSplit: split, decidedAt: decided * hop + frameLength)
        report(.utterance(utterance))
    }
}
