import Foundation

/// The mapping between hertz and mels, as librosa's `hz_to_mel` / `mel_to_hz`. The raw value is the JSON name.
public enum MelScale: String, Codable, Sendable, CaseIterable {
    /// Slaney's Auditory Toolbox scale (librosa's default, `htk=False`): linear below 1 kHz (200/3 Hz per mel),
    /// logarithmic above (a factor 6.4 per 27 mels).
    case slaney
    /// The HTK scale: `2595·log10(1 + f/700)`.
    case htk

    private static let linearStep = 200.0 / 3
    private static let breakHz = 1000.0
    private static let breakMel = breakHz / linearStep
    private static let logStep = log(6.4) / 27

    /// Mels for `hz`, in double precision with librosa's formulas.
    public func mel(hz: Double) -> Double {
        switch self {
        case .htk:
            return 2595 * log10(1 + hz / 700)
        case .slaney:
            if hz >= Self.breakHz { return Self.breakMel + log(hz / Self.breakHz) / Self.logStep }
            return hz / Self.linearStep
        }
    }

    /// Hertz for `mel`, the inverse of `mel(hz:)`.
    public func hz(mel: Double) -> Double {
        switch self {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            if mel >= Self.breakMel { return Self.breakHz * exp(Self.logStep * (mel - Self.breakMel)) }
            return Self.linearStep * mel
        }
    }
}
