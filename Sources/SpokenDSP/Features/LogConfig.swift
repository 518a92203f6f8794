import Foundation

/// How band energies become log features: librosa's `power_to_db(S, ref=, amin=, top_db=)`.
///
/// JSON: `{"kind": "db", "ref": 1.0, "amin": 1e-10, "top_db": 80.0}`; every key but `kind` may be left out
/// (defaults `ref` 1, `amin` 1e-10, no `top_db`).
///
/// A frame's value is `10·log10(max(amin, S)) − 10·log10(max(amin, ref))`, so the fixed floor of the stream is
/// `10·log10(amin) − 10·log10(max(amin, ref))` (−100 dB with the defaults). `top_db`, when set, additionally raises
/// every value to at least `max − top_db`, where `max` is the largest value of the *whole utterance* — as librosa
/// does for the whole matrix. A stream has no "whole" until an utterance ends, so streamed frames carry only the
/// fixed floor and `top_db` is applied when an utterance is finalised (`FeatureExtractor.finalize`). This is what
/// makes a streamed utterance equal its offline features.
public struct LogConfig: Codable, Sendable, Equatable {
    /// The log kind; `db` is the only one so far. The raw value is the JSON name.
    public enum Kind: String, Codable, Sendable {
        /// Decibels, `10·log10` of the energy (librosa `power_to_db`, whatever `power` is).
        case db
    }

    public var kind: Kind
    public var ref: Double
    public var amin: Double
    public var topDB: Double?

    public init(kind: Kind = .db, ref: Double = 1, amin: Double = 1e-10, topDB: Double? = nil) {
        self.kind = kind
        self.ref = ref
        self.amin = amin
        self.topDB = topDB
    }

    private enum CodingKeys: String, CodingKey {
        case kind, ref, amin
        case topDB = "top_db"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        ref = try container.decodeIfPresent(Double.self, forKey: .ref) ?? 1
        amin = try container.decodeIfPresent(Double.self, forKey: .amin) ?? 1e-10
        topDB = try container.decodeIfPresent(Double.self, forKey: .topDB)
    }

    /// The value of zero energy: `10·log10(amin) − 10·log10(max(amin, ref))`.
    public var floorDB: Double { decibels(0) }

    /// `10·log10(max(amin, energy)) − 10·log10(max(amin, ref))` in double precision.
    func decibels(_ energy: Double) -> Double {
        10 * log10(Swift.max(amin, energy)) - 10 * log10(Swift.max(amin, ref))
    }
}
