import SpokenDSP
import SpokenDaemon
import SpokenNN
import TestSupport
import Testing

@Suite("VADSegmenter")
struct VADSegmenterTests {
    @Test("two sounds give start, end and utterance each, in frame numbers of the stream, frames as extracted")
    func segments() throws {
        let frontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40)
        let silence = [Float](repeating: 0, count: 8000)
        let signal =
            silence + SyntheticSpeech.vowel(seconds: 0.5) + silence + SyntheticSpeech.vowel(seconds: 0.5)
            + silence
        let extractor = try FeatureExtractor(config: frontEnd)
        let offline = signal.withUnsafeBufferPointer { extractor.logMel(of: $0) }
        let vad = try VADSegmenter(frontEnd: frontEnd, profile: .nrf52840)
        #expect(vad.cyclesPerFrame > 0 && vad.cyclesPerFrame < 2000)
        var events: [String] = []
        var utterances: [(FeatureMatrix, Int, Int)] = []
        let report: (Segment) -> Void = { segment in
            switch segment {
            case .speechStarted(let frame): events.append("start \(frame)")
            case .speechEnded(let frame): events.append("end \(frame)")
            case .utterance(let matrix, let first, let end):
                events.append("utterance")
                utterances.append((matrix, first, end))
            }
        }
        for frame in 0..<offline.frameCount {
            Array(offline.row(frame)).withUnsafeBufferPointer { vad.push($0, report) }
        }
        vad.finish(report)
        // The sounds start at frames 50 and 150 (8000 and 24000 samples); the window reaches them a few frames early.
        #expect(events.count == 6 && events[2] == "utterance" && events[5] == "utterance")
        #expect(events.first.map { $0.hasPrefix("start 4") } == true)
        #expect(events[3].hasPrefix("start 14"))
        for (matrix, first, end) in utterances {
            #expect(matrix.frameCount == end - first)
            #expect(matrix.values == Array(offline.values[(first * 40)..<(end * 40)]))
        }
        #expect(!vad.isInUtterance)
    }
}
