import Foundation
import SpokenAudio
import SpokenDSP

/// The noises augmentation adds besides generated coloured noise: babble made from other corpus utterances, and
/// recordings from a folder of WAV files (`spokend train --noise DIR`).
public struct NoiseBank: Sendable {
    /// Utterances to babble with (the training clips, at the front end's rate).
    let utterances: [[Float]]
    /// Noise recordings, mono at the front end's rate.
    let recordings: [[Float]]

    public init(utterances: [[Float]] = [], recordings: [[Float]] = []) {
        self.utterances = utterances
        self.recordings = recordings
    }

    /// Every `.wav` file directly in `directory`, mono at `sampleRate`, in name order. A file that cannot be read
    /// is an error: the user named this folder for its noise.
    public static func recordings(in directory: URL, sampleRate: Int) throws(TrainError) -> [[Float]] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.lowercased().hasSuffix(".wav") }.sorted()
        } catch {
            throw TrainError(.invalidData, "--noise \(directory.path): \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw TrainError(.invalidData, "--noise \(directory.path) holds no .wav files") }
        var recordings: [[Float]] = []
        for name in names {
            let file = directory.appendingPathComponent(name)
            let samples: [Float]
            do {
                samples = try ClipLoader.samples(of: file, sampleRate: sampleRate)
            } catch {
                throw TrainError(.invalidData, "--noise: \(error.detail)")
            }
            guard Signal.power(samples) > 0 else { throw TrainError(.invalidData, "--noise: \(file.path) is silent") }
            recordings.append(samples)
        }
        return recordings
    }

    var hasBabble: Bool { utterances.count >= 2 }
    var hasRecordings: Bool { !recordings.isEmpty }

    /// `count` samples of 3–6 other utterances talking at once, each from a random place, looped.
    func babble(count: Int, excluding: Int?, random: inout SplitMix64) -> [Float] {
        var mix = [Float](repeating: 0, count: count)
        for _ in 0..<random.integer(3...6) {
            var pick = random.integer(0...(utterances.count - 1))
            if pick == excluding { pick = (pick + 1) % utterances.count }
            Self.add(utterances[pick], into: &mix, random: &random)
        }
        return mix
    }

    /// `count` samples of one recording from a random place, looped.
    func recording(count: Int, random: inout SplitMix64) -> [Float] {
        var mix = [Float](repeating: 0, count: count)
        Self.add(recordings[random.integer(0...(recordings.count - 1))], into: &mix, random: &random)
        return mix
    }

    private static func add(_ source: [Float], into mix: inout [Float], random: inout SplitMix64) {
        guard !source.isEmpty else { return }
        let start = random.integer(0...(source.count - 1))
        for index in mix.indices { mix[index] += source[(start + index) % source.count] }
    }
}
