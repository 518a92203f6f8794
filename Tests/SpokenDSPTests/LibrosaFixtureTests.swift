import Foundation
import SpokenDSP
import Testing

/// The front end against librosa on the committed fixtures (`Scripts/make_dsp_fixtures.py`).
@Suite("log-mel features equal librosa's on committed fixtures")
struct LibrosaFixtureTests {
    static let cases = (try? LibrosaCase.all()) ?? []

    @Test("there are fixtures for every required configuration")
    func fixturesExist() {
        let shapes = Set(
            Self.cases.map { "\($0.config.sampleRate)/\($0.config.nFFT)/\($0.config.hop)/\($0.config.mels)" })
        #expect(shapes == ["16000/512/160/40", "8000/256/128/32", "16000/1024/396/96"])
        #expect(Set(Self.cases.map(\.config.melScale)) == Set(MelScale.allCases))
        #expect(Set(Self.cases.map(\.config.center)) == [true, false])
    }

    @Test("features(of:) is within 1e-3 dB of librosa melspectrogram + power_to_db", arguments: cases)
    func logMelMatchesLibrosa(fixture: LibrosaCase) throws {
        let extractor = try FeatureExtractor(config: fixture.config)
        let features = extractor.features(of: try fixture.samples())
        #expect(features.shape == fixture.logMel.shape)
        try #require(features.values.count == fixture.logMel.values.count)
        let error = zip(features.values, fixture.logMel.values).map { abs($0 - $1) }.max() ?? 0
        print("\(fixture.name): max |Δ| = \(error) dB over \(features.frameCount)×\(features.melCount)")
        #expect(error <= 1e-3)
    }

    @Test("MelFilterbank equals librosa.filters.mel within 1e-6", arguments: cases)
    func filterbankMatchesLibrosa(fixture: LibrosaCase) throws {
        let c = fixture.config
        let bank = MelFilterbank(
            sampleRate: Double(c.sampleRate), fftSize: c.nFFT, melCount: c.mels, fmin: c.fmin, fmax: c.fmax,
            scale: c.melScale, norm: c.melNorm)
        #expect([bank.melCount, bank.binCount] == fixture.filterbank.shape)
        let reference = fixture.filterbank.dense
        try #require(bank.weights.count == reference.count)
        let error = zip(bank.weights, reference).map { abs(Double($0) - $1) }.max() ?? 0
        print("\(fixture.name): filterbank max |Δ| = \(error)")
        #expect(error <= 1e-6)
        // The sparse runs cover every non-zero weight, so `apply` loses nothing.
        for m in 0..<bank.melCount {
            for k in 0..<bank.binCount where bank[m, k] != 0 {
                #expect(k >= bank.firstBin[m] && k < bank.firstBin[m] + bank.binSpan[m])
            }
        }
    }
}
