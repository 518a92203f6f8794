import Foundation
import SpokenDSP
import SpokenTrain
import Testing

@Suite("augmentation")
struct AugmentationTests {
    /// A 300 Hz tone of `seconds` at 16 kHz.
    static func tone(_ frequency: Double = 300, seconds: Double = 1) -> [Float] {
        (0..<Int(seconds * 16000)).map { Float(0.5 * sin(2 * .pi * frequency * Double($0) / 16000)) }
    }

    /// The frequency of a clean tone from its upward zero crossings, an estimate independent of the resampler.
    static func frequency(_ samples: [Float]) -> Double {
        let crossings = zip(samples, samples.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
        return Double(crossings) / (Double(samples.count) / 16000)
    }

    static func power(_ samples: some Collection<Float>) -> Double {
        samples.reduce(0) { $0 + Double($1) * Double($1) } / Double(samples.count)
    }

    @Test("the same seed, epoch and example give the same features with any number of threads")
    func streamIsDeterministic() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0, 1])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        func stream(jobs: Int, seed: UInt64 = 7) throws -> AugmentedStream {
            try AugmentedStream(
                corpus: corpus, entries: corpus.manifest.entries, task: .number, config: TinyCorpus.frontEnd,
                augmentation: Augmentation(), seed: seed, jobs: jobs)
        }
        let one = try stream(jobs: 1).examples(epoch: 3)
        let two = try stream(jobs: 2).examples(epoch: 3)
        #expect(one == two)
        #expect(one.count == tiny.manifest.entries.count)
        #expect(one.labels == tiny.manifest.entries.map(\.number))
        #expect(try stream(jobs: 2).examples(epoch: 4).values != one.values)
        #expect(try stream(jobs: 2, seed: 8).examples(epoch: 3).values != one.values)
    }

    @Test("kept variants: the first epochs are made afresh, later ones reuse them per clip, and a resumed run agrees")
    func keptVariants() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0, 1, 2])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        var unmasked = Augmentation()
        unmasked.specAugmentProbability = 0
        func stream(_ augmentation: Augmentation, variants: Int) throws -> AugmentedStream {
            try AugmentedStream(
                corpus: corpus, entries: corpus.manifest.entries, task: .number, config: TinyCorpus.frontEnd,
                augmentation: augmentation, seed: 5, jobs: 2, variants: variants)
        }
        let fresh = try stream(unmasked, variants: 0)
        let first = try fresh.examples(epoch: 0)
        let second = try fresh.examples(epoch: 1)
        let kept = try stream(unmasked, variants: 2)
        #expect(try kept.examples(epoch: 0) == first)
        #expect(try kept.examples(epoch: 1) == second)
        let later = try kept.examples(epoch: 6)
        var sources = Set<Int>()
        for index in 0..<later.count {
            let example = later.example(index)
            #expect(example == first.example(index) || example == second.example(index))
            sources.insert(example == first.example(index) ? 0 : 1)
        }
        #expect(sources == [0, 1])
        // A run resumed at epoch 6 never made epochs 0 and 1 in this process.
        #expect(try stream(unmasked, variants: 2).examples(epoch: 6) == later)
        // Masks are drawn afresh every epoch, on top of the kept audio.
        let masked = try stream(Augmentation(), variants: 2)
        #expect(try masked.examples(epoch: 6) != masked.examples(epoch: 8))
    }

    @Test("strength scales every probability and range towards leaving the clip alone")
    func strength() {
        let full = Augmentation()
        #expect(full.scaled(by: 1) == full)
        let half = full.scaled(by: 0.5)
        #expect(half.noiseProbability == 0.3 && half.speedProbability == 0.2 && half.specAugmentProbability == 0.25)
        func near(_ range: ClosedRange<Double>, _ lower: Double, _ upper: Double) -> Bool {
            abs(range.lowerBound - lower) < 1e-12 && abs(range.upperBound - upper) < 1e-12
        }
        #expect(near(half.speed, 0.925, 1.075) && near(half.tempo, 0.9, 1.125) && near(half.pitch, 0.925, 1.1))
        #expect(near(half.snrDB, 15, 30) && near(half.gainDB, -6, 6) && half.timeShift == 0.05)
        #expect(half.tiltProbability == 0.2 && near(half.tiltDB, -15, 5))
        let clip = Self.tone(seconds: 0.5)
        var random = SplitMix64(seed: 3)
        let untouched = full.scaled(by: 0).apply(
            to: clip, sampleRate: 16000, noise: NoiseBank(utterances: [clip]), index: 0, random: &random)
        #expect(untouched == clip)
    }

    @Test("an augmentation file sets the keys it gives over the defaults and refuses what cannot apply")
    func decodeFile() throws {
        let partial = try Augmentation.decode(json: Data(#"{"noiseProbability": 0, "snrDB": [5, 25]}"#.utf8))
        var expected = Augmentation()
        expected.noiseProbability = 0
        expected.snrDB = 5...25
        #expect(partial == expected)
        let refused = [
            (#"{"noise": 0}"#, "unknown key \"noise\""),
            (#"{"speedProbability": 1.5}"#, "speedProbability must be in 0…1"),
            (#"{"speed": [0, 1.1]}"#, "speed must be positive and finite"),
            (#"{"timeMasks": -1}"#, "timeMasks must be 0 or more"),
            (#"{"tempo": "fast"}"#, "augmentation: tempo:"),
            (#"[1, 2]"#, "expected a JSON object"),
            ("{", "not valid JSON"),
        ]
        for (json, message) in refused {
            #expect {
                try Augmentation.decode(json: Data(json.utf8))
            } throws: { error in
                (error as? TrainError).map { $0.code == .invalidData && $0.detail.contains(message) } ?? false
            }
        }
    }

    @Test("without augmentation the stream gives the cached clean features")
    func noAugmentationIsClean() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0, 1])
        defer { tiny.remove() }
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let stream = try AugmentedStream(
            corpus: corpus, entries: corpus.manifest.entries, task: .language, config: TinyCorpus.frontEnd,
            augmentation: .none, seed: 1, jobs: 2)
        let clean = try FeatureCache(directory: tiny.directory.appendingPathComponent("cache"))
            .features(corpus: corpus, config: TinyCorpus.frontEnd, jobs: 2)
        #expect(try stream.examples(epoch: 0) == clean.labeled(corpus.manifest.entries, task: .language))
    }

    @Test("an unreadable training clip is listed and training goes on without it")
    func streamSkipsUnreadableClips() throws {
        let tiny = try TinyCorpus(speakers: 2, numbers: [0, 1])
        defer { tiny.remove() }
        try FileManager.default.removeItem(at: tiny.directory.appendingPathComponent(tiny.manifest.entries[2].path))
        let corpus = try TrainingCorpus(directory: tiny.directory)
        let stream = try AugmentedStream(
            corpus: corpus, entries: corpus.manifest.entries, task: .number, config: TinyCorpus.frontEnd,
            augmentation: Augmentation(), seed: 1, jobs: 2)
        #expect(stream.unreadable.map(\.path) == [tiny.manifest.entries[2].path])
        #expect(try stream.examples(epoch: 0).count == tiny.manifest.entries.count - 1)
    }

    @Test("noise degradations reach their SNR", arguments: [Degradation.noise20, .noise10])
    func noiseAtSNR(degradation: Degradation) {
        let clean = Self.tone()
        let noisy = degradation.apply(to: clean, sampleRate: 16000, path: "en/en01/1.wav")
        let noise = zip(noisy, clean).map { $0 - $1 }
        let snr = 10 * log10(Self.power(clean) / Self.power(noise))
        #expect(abs(snr - (degradation == .noise20 ? 20 : 10)) < 0.01)
        #expect(noisy == degradation.apply(to: clean, sampleRate: 16000, path: "en/en01/1.wav"))
        #expect(noisy != degradation.apply(to: clean, sampleRate: 16000, path: "en/en01/2.wav"))
    }

    @Test(
        "speed copies are shorter or longer and higher or lower by the factor",
        arguments: [Degradation.slower, .faster])
    func speedChangesDurationAndPitch(degradation: Degradation) {
        let factor = degradation == .faster ? 1.1 : 0.9
        let changed = degradation.apply(to: Self.tone(), sampleRate: 16000, path: "x")
        #expect(abs(Double(changed.count) - 16000 / factor) <= 1)
        #expect(abs(Self.frequency(changed) / 300 - factor) < 0.01)
    }

    @Test("the 8 kHz band limit leaves nothing above 4 kHz and keeps speech frequencies")
    func bandLimit() {
        let high = Degradation.band8kHz.apply(to: Self.tone(5000), sampleRate: 16000, path: "x")
        let low = Degradation.band8kHz.apply(to: Self.tone(1000), sampleRate: 16000, path: "x")
        #expect(10 * log10(Self.power(high[1000..<15000]) / Self.power(Self.tone(5000))) < -60)
        #expect(abs(10 * log10(Self.power(low[1000..<15000]) / Self.power(Self.tone(1000)))) < 0.1)
    }

    @Test("the reverberant copy's impulse response decays 60 dB in about its RT60 of 0.5 s")
    func reverbDecay() {
        var impulse = [Float](repeating: 0, count: 16000)
        impulse[0] = 1
        // A room needs a long enough signal to show its tail: the copy keeps only 50 ms after the input's end.
        let response = Degradation.reverb.apply(to: impulse, sampleRate: 16000, path: "x")
        let energies = response.dropFirst(80).map { Double($0) * Double($0) }
        // Schroeder's backward integration, then the −5 to −25 dB slope extrapolated to −60 dB (T20).
        let total = energies.reduce(0, +)
        var remaining = total
        var curve: [Double] = []
        for energy in energies {
            curve.append(10 * log10(max(remaining, 1e-30) / total))
            remaining -= energy
        }
        let start = curve.firstIndex { $0 < -5 }!
        let end = curve.firstIndex { $0 < -25 }!
        let rt60 = Double(end - start) / 16000 * 3
        #expect(abs(rt60 - 0.5) < 0.1)
    }

    @Test("tempo changes keep the pitch")
    func tempoKeepsPitch() throws {
        var augmentation = Augmentation.none
        augmentation.tempoProbability = 1
        augmentation.tempo = 1.25...1.25
        var random = SplitMix64(seed: 1)
        let faster = augmentation.apply(
            to: Self.tone(), sampleRate: 16000, noise: NoiseBank(), index: nil, random: &random)
        #expect(faster.count == 12800)
        #expect(abs(Self.frequency(Array(faster[400..<12400])) / 300 - 1) < 0.01)
    }

    @Test("pitch shifts move the pitch and keep the duration")
    func pitchKeepsDuration() throws {
        var augmentation = Augmentation.none
        augmentation.pitchProbability = 1
        augmentation.pitch = 1.2...1.2
        var random = SplitMix64(seed: 1)
        let higher = augmentation.apply(
            to: Self.tone(), sampleRate: 16000, noise: NoiseBank(), index: nil, random: &random)
        #expect(abs(higher.count - 16000) <= 2)
        #expect(abs(Self.frequency(Array(higher[400..<15600])) / 300 - 1.2) < 0.01)
    }

    @Test("a tilt of −20 dB leaves low tones alone and takes 20 dB off high ones")
    func tilt() {
        var augmentation = Augmentation.none
        augmentation.tiltProbability = 1
        augmentation.tiltDB = -20 ... -20
        func gainDB(_ frequency: Double) -> Double {
            var random = SplitMix64(seed: 5)
            let tone = Self.tone(frequency)
            let tilted = augmentation.apply(
                to: tone, sampleRate: 16000, noise: NoiseBank(), index: nil, random: &random)
            // Past the filter's settling time; the corner is 500–3000 Hz whatever the draw.
            return 10 * log10(Self.power(tilted[4000...]) / Self.power(tone[4000...]))
        }
        #expect(abs(gainDB(60)) < 0.5)
        #expect(abs(gainDB(7500) + 20) < 1)
        #expect((-20.5...0.5).contains(gainDB(2000)))
    }

    @Test("SpecAugment masks whole frames and mel bands with the utterance's mean")
    func specAugmentMasks() {
        var augmentation = Augmentation.none
        augmentation.specAugmentProbability = 1
        augmentation.timeMasks = 1
        augmentation.melMasks = 0
        augmentation.maskFrames = 5
        var values = (0..<(20 * 8)).map { Float($0) }
        let mean = values.reduce(0, +) / Float(values.count)
        var random = SplitMix64(seed: 4)
        values.withUnsafeMutableBufferPointer {
            augmentation.maskFeatures($0, frames: 20, mels: 8, random: &random)
        }
        let masked = (0..<20).filter { frame in (0..<8).allSatisfy { values[frame * 8 + $0] == mean } }
        #expect(masked.count <= 5)
        #expect(values.filter { $0 != mean }.count == 160 - 8 * masked.count)
        if let first = masked.first { #expect(masked == Array(first..<(first + masked.count))) }
    }
}
