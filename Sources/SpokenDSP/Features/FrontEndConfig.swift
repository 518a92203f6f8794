import Foundation

/// Everything that decides the features a model sees: the front end's parameters, carried by every model as JSON
/// (the `spokend.frontend` metadata entry) so that training, the daemon and `spokend features` compute the same thing.
///
/// The JSON is a stable interface. Keys are snake_case; those marked *required* must be present, the others
/// default as shown (and are always written out, so a stored config never depends on today's defaults):
///
/// ```json
/// {
///   "sample_rate": 16000,        // required, Hz, 1000…384000
///   "n_fft": 512,                // required, even, 64…2048
///   "hop": 160,                  // required, 1…n_fft
///   "mels": 40,                  // required, 1…n_fft/2+1
///   "window": "hann",            // "hann" | "hamming" (periodic, as librosa)
///   "fmin": 0,                   // Hz, 0 ≤ fmin < fmax
///   "fmax": 8000,                // Hz, ≤ sample_rate/2; default sample_rate/2
///   "power": 2,                  // 2: power spectrogram, 1: magnitude
///   "mel_scale": "slaney",       // "slaney" | "htk"
///   "mel_norm": "slaney",        // "slaney" | "none"
///   "center": false,             // true: librosa's centred frames (offline only)
///   "pad_mode": "constant",      // "constant" | "reflect": padding when center is true (librosa 0.11: constant)
///   "log": {"kind": "db", "ref": 1.0, "amin": 1e-10, "top_db": 80},   // see LogConfig; top_db optional
///   "frames": 98,                // optional: fixed frame count per utterance
///   "fit": "pad_or_crop_center", // how an utterance is fitted to `frames` (see FrameFit)
///   "normalize": "mel_mean"      // optional, per utterance before fitting (see UtteranceNorm); absent: none
/// }
/// ```
///
/// The features equal `librosa.power_to_db(librosa.feature.melspectrogram(y=, sr=sample_rate, n_fft=,
/// hop_length=hop, window=, center=, pad_mode=, power=, n_mels=mels, fmin=, fmax=, htk=(mel_scale == "htk"),
/// norm=("slaney" or None)), ref=, amin=, top_db=)` transposed to frames × mels, then fitted to `frames`.
/// `center: true` needs the whole signal (its last frames read padding past the end), so a streaming model uses
/// `center: false`.
public struct FrontEndConfig: Codable, Sendable, Equatable {
    public var sampleRate: Int
    public var nFFT: Int
    public var hop: Int
    public var mels: Int
    public var window: Window
    public var fmin: Double
    public var fmax: Double
    public var power: Int
    public var melScale: MelScale
    public var melNorm: MelNorm
    public var center: Bool
    public var padMode: PadMode
    public var log: LogConfig
    public var frames: Int?
    public var fit: FrameFit
    public var normalize: UtteranceNorm?

    public init(
        sampleRate: Int, nFFT: Int, hop: Int, mels: Int, window: Window = .hann, fmin: Double = 0,
        fmax: Double? = nil, power: Int = 2, melScale: MelScale = .slaney, melNorm: MelNorm = .slaney,
        center: Bool = false, padMode: PadMode = .constant, log: LogConfig = LogConfig(), frames: Int? = nil,
        fit: FrameFit = .padOrCropCenter, normalize: UtteranceNorm? = nil
    ) {
        self.sampleRate = sampleRate
        self.nFFT = nFFT
        self.hop = hop
        self.mels = mels
        self.window = window
        self.fmin = fmin
        self.fmax = fmax ?? Double(sampleRate) / 2
        self.power = power
        self.melScale = melScale
        self.melNorm = melNorm
        self.center = center
        self.padMode = padMode
        self.log = log
        self.frames = frames
        self.fit = fit
        self.normalize = normalize
    }

    private enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate"
        case nFFT = "n_fft"
        case hop, mels, window, fmin, fmax, power
        case melScale = "mel_scale"
        case melNorm = "mel_norm"
        case center
        case padMode = "pad_mode"
        case log, frames, fit, normalize
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sampleRate = try c.decode(Int.self, forKey: .sampleRate)
        self.init(
            sampleRate: sampleRate,
            nFFT: try c.decode(Int.self, forKey: .nFFT),
            hop: try c.decode(Int.self, forKey: .hop),
            mels: try c.decode(Int.self, forKey: .mels),
            window: try c.decodeIfPresent(Window.self, forKey: .window) ?? .hann,
            fmin: try c.decodeIfPresent(Double.self, forKey: .fmin) ?? 0,
            fmax: try c.decodeIfPresent(Double.self, forKey: .fmax),
            power: try c.decodeIfPresent(Int.self, forKey: .power) ?? 2,
            melScale: try c.decodeIfPresent(MelScale.self, forKey: .melScale) ?? .slaney,
            melNorm: try c.decodeIfPresent(MelNorm.self, forKey: .melNorm) ?? .slaney,
            center: try c.decodeIfPresent(Bool.self, forKey: .center) ?? false,
            padMode: try c.decodeIfPresent(PadMode.self, forKey: .padMode) ?? .constant,
            log: try c.decodeIfPresent(LogConfig.self, forKey: .log) ?? LogConfig(),
            frames: try c.decodeIfPresent(Int.self, forKey: .frames),
            fit: try c.decodeIfPresent(FrameFit.self, forKey: .fit) ?? .padOrCropCenter,
            normalize: try c.decodeIfPresent(UtteranceNorm.self, forKey: .normalize))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sampleRate, forKey: .sampleRate)
        try c.encode(nFFT, forKey: .nFFT)
        try c.encode(hop, forKey: .hop)
        try c.encode(mels, forKey: .mels)
        try c.encode(window, forKey: .window)
        try c.encode(fmin, forKey: .fmin)
        try c.encode(fmax, forKey: .fmax)
        try c.encode(power, forKey: .power)
        try c.encode(melScale, forKey: .melScale)
        try c.encode(melNorm, forKey: .melNorm)
        try c.encode(center, forKey: .center)
        try c.encode(padMode, forKey: .padMode)
        try c.encode(log, forKey: .log)
        try c.encodeIfPresent(frames, forKey: .frames)
        try c.encode(fit, forKey: .fit)
        try c.encodeIfPresent(normalize, forKey: .normalize)
    }

    /// Reads and validates a config from JSON; any problem is a `DSPError` that names the field.
    public static func decode(json: Data) throws(DSPError) -> FrontEndConfig {
        let config: FrontEndConfig
        do {
            config = try JSONDecoder().decode(FrontEndConfig.self, from: json)
        } catch let error as DecodingError {
            throw DSPError(.invalidConfiguration, "front-end config: \(Self.describe(error))")
        } catch {
            throw DSPError(.invalidConfiguration, "front-end config: \(error)")
        }
        try config.validate()
        return config
    }

    /// The config as JSON: every key written, keys sorted, so equal configs give equal bytes.
    public func json(pretty: Bool = false) -> Data {
        StableJSON.encode(self, formatting: pretty ? .prettyPrinted : [])
    }

    /// Checks every field's range; the error names the first bad field with its JSON key and value.
    public func validate() throws(DSPError) {
        func bad(_ key: String, _ rule: String, _ value: Any) -> DSPError {
            DSPError(.invalidConfiguration, "front-end config: \(key) must be \(rule), got \(value)")
        }
        guard (1000...384_000).contains(sampleRate) else { throw bad("sample_rate", "in 1000…384000 Hz", sampleRate) }
        guard (64...2048).contains(nFFT), nFFT % 2 == 0 else { throw bad("n_fft", "an even number in 64…2048", nFFT) }
        guard (1...nFFT).contains(hop) else { throw bad("hop", "in 1…n_fft (\(nFFT))", hop) }
        guard (1...(nFFT / 2 + 1)).contains(mels) else { throw bad("mels", "in 1…n_fft/2+1 (\(nFFT / 2 + 1))", mels) }
        let nyquist = Double(sampleRate) / 2
        guard fmin.isFinite, fmin >= 0, fmin < nyquist else { throw bad("fmin", "in 0…sample_rate/2 Hz", fmin) }
        guard fmax.isFinite, fmax > fmin, fmax <= nyquist else {
            throw bad("fmax", "above fmin (\(fmin)) and at most sample_rate/2 (\(nyquist)) Hz", fmax)
        }
        guard power == 1 || power == 2 else { throw bad("power", "1 (magnitude) or 2 (power)", power) }
        guard log.ref.isFinite, log.ref > 0 else { throw bad("log.ref", "a positive number", log.ref) }
        // Energies are Float: a smaller amin would round to 0 and turn silence into −∞ dB.
        guard log.amin.isFinite, log.amin >= 1e-37 else { throw bad("log.amin", "a number ≥ 1e-37", log.amin) }
        if let topDB = log.topDB {
            guard topDB.isFinite, topDB >= 0 else { throw bad("log.top_db", "a non-negative number", topDB) }
        }
        if let frames {
            guard (1...1_000_000).contains(frames) else { throw bad("frames", "in 1…1000000", frames) }
        }
    }

    /// "field.path: what went wrong" for a decoding error, with JSON key names.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = (codingPath + (key.map { [$0] } ?? [])).map(\.stringValue)
            return keys.isEmpty ? "(top level)" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)) has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
