import Foundation

/// The analysis window applied to each STFT frame.
///
/// Windows are *periodic* (DFT-even), as `scipy.signal.get_window(name, n, fftbins=True)` and therefore librosa
/// make them: a symmetric window of `n + 1` points with the last point dropped. The raw value is the JSON name.
public enum Window: String, Codable, Sendable, CaseIterable {
    /// `0.5 − 0.5·cos(2πk/n)`, librosa's default.
    case hann
    /// `0.54 − 0.46·cos(2πk/n)`.
    case hamming

    /// The cosine-sum coefficients (a₀, a₁) of `scipy.signal.windows.general_cosine`.
    private var coefficients: (Double, Double) {
        switch self {
        case .hann: (0.5, 0.5)
        case .hamming: (0.54, 0.46)
        }
    }

    /// The `length` window values.
    ///
    /// Computed in double precision the way scipy does (`fac = linspace(-π, π, n + 1)`, `w = a₀ + a₁·cos(fac)`),
    /// then rounded to `Float`, so the values match scipy's to the last float bit in almost every point.
    public func values(length: Int) -> [Float] {
        precondition(length > 0, "a window needs at least one point")
        let (a0, a1) = coefficients
        let step = 2 * Double.pi / Double(length)
        return (0..<length).map { k in
            let fac = -Double.pi + Double(k) * step
            return Float(a0 + a1 * cos(fac))
        }
    }
}
