/// The voice activity detector's and the utterance segmenter's parameters, in hertz, decibels and seconds (turned
/// into frames with the front end's hop).
///
/// The defaults were chosen on continuous streams of corpus clips with 0.15–1.5 s pauses, clean and in pink noise at
/// 20 and 10 dB SNR (`Scripts/vad_eval.py`; the figures are in the README); each says what it trades.
public struct SegmenterConfig: Sendable, Equatable {
    /// Edges of the detector's bands in hertz; each band sums the mel bands whose centres fall in it. Ten bands of
    /// about four mels each (of the default 40 from 0 to 8 kHz) keep voicing, each formant region and fricatives apart,
    /// so a sound loud in one of them is not averaged away by noise in the others. They keep the quiet parts inside
    /// numbers above 10 dB SNR noise for longer than four wide bands (100, 500, 1500, 3500, 8000 Hz) did: with the
    /// 0.16 s hangover, 2 numbers lost and 39 split of 2,400 at 10 dB (`Scripts/vad_eval.py` on 10 ms frames, seeds
    /// 0-3), where four bands lose 32 and split 102 (and needed 0.18 s to lose 7 and split 38). The daemon's 20 ms
    /// frames lose 18 of the same 2,400 and split 66 (README).
    public var bandEdges: [Double] = [100, 400, 700, 1000, 1350, 1700, 2300, 3100, 4200, 5700, 8000]
    /// How long band powers are averaged before the decibels: noise fluctuates less, onsets come a frame later. In
    /// time, not frames, so the daemon's 20 ms frames (the shipped models' hop) average 2 where 10 ms frames average
    /// 3; 3 frames of 20 ms held the end of speech 20 ms longer (p95 198-201 ms at 10 dB SNR against 179-186).
    public var smoothingSeconds = 0.03
    /// Speech starts when the score (``VoiceActivityDetector``: a band, or the bands together, this many noise
    /// standard deviations above the noise floor) rises above this …
    public var onsetThreshold: Float = 4
    /// … and goes on while it stays above this (hysteresis: weak stretches inside a word do not end it). The largest of
    /// ten bands' noise crosses 2 in one frame of ten, which would hold the end open and merge numbers read quickly.
    public var continueThreshold: Float = 2.5
    /// Consecutive frames above `onsetThreshold` that start speech (a click is shorter).
    public var onsetSeconds = 0.03
    /// Silence that ends an utterance. Long enough to bridge the pauses inside numbers (stop closures, the gap
    /// between "vingt" and "et un", the part of "…undsiebzig" that sinks under 10 dB SNR noise) in noise, short
    /// enough to separate numbers read 0.15 s apart; the end is decided this long after the last speech frame. At
    /// 10 dB SNR (`Scripts/vad_eval.py` on 10 ms frames, seeds 0-3, 2,400 numbers) 0.16 s loses 2 and splits 39; 0.15 s loses 4 and
    /// splits 54, one where silero-vad loses none; 0.17 s splits 30 but merges more numbers read quickly (4 lost)
    /// and decides 10 ms later. At the daemon's 20 ms frames, 0.18 s (9 frames) loses 9 instead of 18 and adds 32
    /// segments instead of 66 (10 dB, seeds 0-3), but the end-of-speech p95 at 10 dB goes from 178-186 to 199-244
    /// ms: the gaps inside split numbers (mostly German 70-79 and French 53-77) are 148-208 ms of frames at the
    /// noise's own score.
    public var hangoverSeconds = 0.16
    /// An utterance that stood at least this far above the noise at its loudest ends on its frames' own levels
    /// (``VoiceActivityDetector/frameScore``) too, not only on the smoothed ones, which carry a loud last frame two
    /// frames (20 ms) on: where the noise is that far down, the quiet parts inside a number stay above it, and the
    /// end is decided 20 ms sooner without splitting numbers. 25 dB takes in most utterances at 20 dB SNR (by mean
    /// power); closer to the noise a single frame strays too far, and numbers would be split.
    public var quietRoomExcessDB: Float = 25
    /// A frame whose level (``VoiceActivityDetector/level``, all bands together) is more than this far below the
    /// loudest of the utterance so far does not go on with it, however far above the noise it is: in a quiet room an
    /// utterance's fading tail (reverberation, breath, a synthesizer's decay) would otherwise hold the end open. 40 dB
    /// is the corpus's own trim (`SpeechSpan`); in noise the floor is reached first. By the loudest band instead, a
    /// quiet part of a word spread over many bands fell below it and split the word in digital silence.
    public var speechRangeDB: Float = 40
    /// Speech shorter than this is dropped (a door, a cough); an utterance is announced only once it is this long.
    /// A quickly spoken "deux" is 0.14 s of speech above 20 dB SNR noise; 0.15 s lost it (`Scripts/vad_eval.py`).
    public var minimumSeconds = 0.13
    /// Speech longer than this is split into utterances of at most this length (the recognizer's window is fixed).
    public var maximumSeconds = 4.0
    /// Frames before the detected start that an utterance includes: the soft onset of a fricative or an unvoiced
    /// stop is below the threshold, but it belongs to the word.
    public var preRollSeconds = 0.2
    /// Frames after the last speech frame that an utterance includes (at most the hangover).
    public var tailSeconds = 0.05
    /// A band whose level is less than this far (dB) above its floor is taken as noise and updates the floor; a
    /// louder band (speech) leaves it alone.
    public var noiseUpdateMarginDB: Float = 3
    /// How fast the floor and the noise variance follow a noise band, per frame (0.05: a time constant of 20 frames,
    /// 0.2 s at a 10 ms hop).
    public var noiseAdaptation: Float = 0.05
    /// How fast the floor creeps up under a band taken as speech, per frame: a noise that grows for good (a fan
    /// switched on) is followed within seconds instead of being speech for ever.
    public var speechAdaptation: Float = 0.002
    /// The floor is never below the band's quietest level of about this long (four blocks of a quarter of it each):
    /// speech always dips back to the noise between words, a noise that rose for good does not, and this catches
    /// it within seconds where `speechAdaptation` alone would take ten.
    public var minimumWindowSeconds = 2.0
    /// The smallest noise standard deviation assumed, in dB: digital silence has none, and no decision should hang
    /// on a fraction of a decibel.
    public var minimumNoiseDeviationDB: Float = 0.5

    public init() {}

    /// `smoothingSeconds` in frames of `frontEnd`, at least one, rounded as the segmenter rounds its other durations.
    public func smoothingFrames(frontEnd: FrontEndConfig) -> Int {
        max(1, Int((smoothingSeconds * Double(frontEnd.sampleRate) / Double(frontEnd.hop)).rounded()))
    }

    /// Checks the ranges; the error names the first bad field.
    public func validate() throws(DSPError) {
        func bad(_ name: String, _ rule: String) -> DSPError {
            DSPError(.invalidConfiguration, "segmenter config: \(name) must be \(rule)")
        }
        guard bandEdges.count >= 2, zip(bandEdges, bandEdges.dropFirst()).allSatisfy({ $0 < $1 }),
            bandEdges.first! >= 0
        else { throw bad("bandEdges", "at least two increasing frequencies") }
        guard smoothingSeconds >= 0 else { throw bad("smoothingSeconds", "at least 0 (one frame is always averaged)") }
        guard onsetThreshold > 0, continueThreshold > 0, continueThreshold <= onsetThreshold else {
            throw bad("continueThreshold", "positive and at most onsetThreshold")
        }
        guard onsetSeconds >= 0, hangoverSeconds > 0, minimumSeconds >= 0, maximumSeconds > minimumSeconds else {
            throw bad("durations", "non-negative, with maximumSeconds above minimumSeconds")
        }
        guard preRollSeconds >= 0, tailSeconds >= 0, tailSeconds <= hangoverSeconds else {
            throw bad("preRollSeconds and tailSeconds", "non-negative, the tail at most the hangover")
        }
        guard noiseAdaptation > 0, noiseAdaptation <= 1, speechAdaptation >= 0, speechAdaptation <= noiseAdaptation
        else { throw bad("noiseAdaptation and speechAdaptation", "in 0…1, speech adapting no faster than noise") }
        guard minimumWindowSeconds > 0 else { throw bad("minimumWindowSeconds", "positive") }
        guard minimumNoiseDeviationDB > 0 else { throw bad("minimumNoiseDeviationDB", "positive") }
        guard speechRangeDB > 0 else { throw bad("speechRangeDB", "positive") }
    }
}
