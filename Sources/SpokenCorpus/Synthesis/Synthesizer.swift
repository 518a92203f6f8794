import CEspeakNG
import Foundation
import Synchronization

/// Speech from libespeak-ng, synthesized in memory.
///
/// Wraps espeak-ng's C API; every `espeak_*` call in spokend lives in this file. espeak-ng keeps one global engine
/// per process (voice, parameters, callback), so all instances share it behind one lock: a call sets the voice and
/// parameters it needs and synthesizes while holding the lock, so concurrent callers never see each other's voice.
/// Parallel synthesis therefore needs processes, not threads (see `CorpusGenerator`).
public final class Synthesizer: Sendable {
    /// espeak-ng's output rate: 22,050 Hz, mono, 16-bit.
    public static let nativeSampleRate = 22_050

    /// The process-wide engine: whether it is initialized, where its data is, and the voice it has loaded.
    private struct Engine {
        var dataPath: String
        var sampleRate: Int
        var voiceName: String?
    }

    private static let engine = Mutex<Engine?>(nil)

    /// Initializes espeak-ng for this process on first use.
    ///
    /// Calls `espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT)` (without that flag
    /// espeak-ng calls `exit()` on a missing data file) and `espeak_SetSynthCallback`.
    public init() throws(CorpusError) {
        let result: Result<Void, CorpusError> = Self.engine.withLock { engine in
            if engine != nil { return .success(()) }
            let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, espeakINITIALIZE_DONT_EXIT)
            guard rate > 0 else {
                return .failure(
                    CorpusError(.synthesis, "espeak-ng could not be initialized (is espeak-ng-data installed?)"))
            }
            espeak_SetSynthCallback(collectSamples)
            var path: UnsafePointer<CChar>? = nil
            _ = espeak_Info(&path)
            engine = Engine(dataPath: path.map { String(cString: $0) } ?? "", sampleRate: Int(rate), voiceName: nil)
            return .success(())
        }
        try result.get()
    }

    /// The sample rate espeak-ng reported when it was initialized.
    public var sampleRate: Int { Self.engine.withLock { $0?.sampleRate ?? Self.nativeSampleRate } }

    /// Speaks `text` with `settings` and returns the samples at `sampleRate`.
    ///
    /// Calls `espeak_SetVoiceByName` (only when the voice changes), `espeak_SetParameter` for `espeakRATE`,
    /// `espeakPITCH`, `espeakRANGE` and `espeakWORDGAP`, seeds the C library's `rand()` (the Klatt voices draw
    /// their noise from it) so a clip does not depend on what was spoken before it, then `espeak_Synth`, whose
    /// callback appends to a buffer passed as `user_data`.
    public func synthesize(_ text: String, settings: VoiceSettings, noiseSeed: UInt32 = 1) throws(CorpusError)
        -> [Int16]
    {
        try settings.validate()
        let result: Result<[Int16], CorpusError> = Self.engine.withLock { engine in
            guard engine != nil else { return .failure(CorpusError(.synthesis, "espeak-ng is not initialized")) }
            if case .failure(let error) = Self.configure(settings, engine: &engine!) { return .failure(error) }
            srand(noiseSeed)
            srandom(noiseSeed)
            let buffer = SampleBuffer()
            let status = text.withCString { pointer in
                withExtendedLifetime(buffer) {
                    espeak_Synth(
                        pointer, strlen(pointer) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil,
                        Unmanaged.passUnretained(buffer).toOpaque())
                }
            }
            guard status == EE_OK else {
                return .failure(
                    CorpusError(.synthesis, "espeak-ng failed to speak '\(text)' as \(settings.espeakName)"))
            }
            return .success(buffer.samples)
        }
        return try result.get()
    }

    /// How espeak-ng reads `text` with `voice`: its phoneme mnemonics (`tsv'aI _|Untf'IrtsIC` for German 42), or IPA.
    ///
    /// Calls `espeak_SetVoiceByName`, then `espeak_TextToPhonemes` until the whole text is consumed.
    public func phonemes(_ text: String, voice: String, ipa: Bool = false) throws(CorpusError) -> String {
        let result: Result<String, CorpusError> = Self.engine.withLock { engine in
            guard engine != nil else { return .failure(CorpusError(.synthesis, "espeak-ng is not initialized")) }
            // Default prosody: a word gap shows up in the phonemes as pauses.
            if case .failure(let error) = Self.configure(VoiceSettings(voice: voice), engine: &engine!) {
                return .failure(error)
            }
            var parts: [String] = []
            text.withCString { pointer in
                var cursor: UnsafeRawPointer? = UnsafeRawPointer(pointer)
                while cursor != nil {
                    guard let phonemes = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, ipa ? 0x02 : 0) else { break }
                    parts.append(String(cString: phonemes))
                }
            }
            return .success(parts.joined(separator: " "))
        }
        return try result.get()
    }

    /// Loads the voice of `settings` and sets its rate, pitch, range and word gap; the caller holds the lock.
    ///
    /// Calls `espeak_SetParameter` for `espeakRATE`, `espeakPITCH`, `espeakRANGE` and `espeakWORDGAP`.
    private static func configure(_ settings: VoiceSettings, engine: inout Engine) -> Result<Void, CorpusError> {
        if case .failure(let error) = select(settings, engine: &engine) { return .failure(error) }
        let parameters: [(espeak_PARAMETER, Int)] = [
            (espeakRATE, settings.rate), (espeakPITCH, settings.pitch), (espeakRANGE, settings.range),
            (espeakWORDGAP, settings.wordGap),
        ]
        for (parameter, value) in parameters where espeak_SetParameter(parameter, Int32(value), 0) != EE_OK {
            return .failure(CorpusError(.synthesis, "espeak-ng refused parameter \(parameter.rawValue) = \(value)"))
        }
        return .success(())
    }

    /// Loads the voice (and variant) of `settings` unless it is the one loaded; the caller holds the lock.
    ///
    /// `espeak_SetVoiceByName` rejects an unknown voice but silently ignores an unknown variant, so the variant's
    /// file is looked up in `espeak-ng-data/voices/!v/` first.
    private static func select(_ settings: VoiceSettings, engine: inout Engine) -> Result<Void, CorpusError> {
        let name = settings.espeakName
        if engine.voiceName == name { return .success(()) }
        if let variant = settings.variant {
            let file = "\(engine.dataPath)/voices/!v/\(variant)"
            guard !variant.contains("/"), FileManager.default.fileExists(atPath: file) else {
                return .failure(
                    CorpusError(.invalidOption, "unknown espeak-ng voice variant '\(variant)' (no \(file))"))
            }
        }
        guard espeak_SetVoiceByName(name) == EE_OK else {
            engine.voiceName = nil
            return .failure(CorpusError(.invalidOption, "unknown espeak-ng voice '\(settings.voice)'"))
        }
        engine.voiceName = name
        return .success(())
    }
}

/// Where the synthesis callback puts samples; passed to espeak-ng as `user_data`.
private final class SampleBuffer {
    var samples: [Int16] = []
}

/// The `espeak_SetSynthCallback` callback: appends each chunk to the `SampleBuffer` in the event's `user_data`.
/// Returns 0 to continue synthesis.
private func collectSamples(
    _ samples: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?
) -> Int32 {
    guard let samples, count > 0, let userData = events?.pointee.user_data else { return 0 }
    let buffer = Unmanaged<SampleBuffer>.fromOpaque(userData).takeUnretainedValue()
    buffer.samples.append(contentsOf: UnsafeBufferPointer(start: samples, count: Int(count)))
    return 0
}
