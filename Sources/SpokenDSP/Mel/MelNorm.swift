/// How mel filters are scaled, as the `norm` argument of `librosa.filters.mel`. The raw value is the JSON name.
public enum MelNorm: String, Codable, Sendable, CaseIterable {
    /// Slaney's area normalisation (librosa's default): each triangle is divided by half its width in hertz, so
    /// every filter has roughly constant energy per hertz.
    case slaney
    /// Triangles of peak 1 (`norm=None`).
    case none
}
