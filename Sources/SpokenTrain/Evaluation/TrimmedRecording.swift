import Foundation
import SpokenAudio
import SpokenCorpus

/// The audio of one clip as recognition sees it: a WAV file mixed down to mono and its silence trimmed as the corpus
/// trims its clips (`SilenceTrimmer` at the file's rate: 20 ms windows, 40 dB below the loudest, 50 ms margins), so
/// a recording with a long pause around the word looks like a training clip.
///
/// This is how `eval` cuts its clips: a corpus clip, trimmed so already, gives the features training saw. (`classify`
/// streams a file through the daemon's VAD segmenter instead, `WAVFile.utterances`, as the daemon hears a word.)
public struct TrimmedRecording: Sendable, Equatable {
    public var samples: [Float]
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Reads, mixes down and trims the WAV file at `path`; throws `AudioError` for a file the reader refuses.
    public init(path: String) throws {
        let wav = try WAVFile(contentsOf: path).mono()
        self.init(samples: SilenceTrimmer(sampleRate: wav.sampleRate).trim(wav.samples), sampleRate: wav.sampleRate)
    }
}
