import ArgumentParser
import Foundation
import SpokenAudio
import SpokenDSP
import SpokenNN
import SpokenRecognition

/// `spokend segments`: the utterances the daemon's VAD and segmenter find in a WAV file, a pipe or a microphone.
struct Segments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the utterances that spokend's voice activity detector finds in a recording or live.",
        discussion: """
            The audio goes through the front end of the models the daemon would load (--models; the shipped ones: \
            16 kHz, 512-point frames every 20 ms, 40 mels) and the daemon's segmenter: an adaptive noise floor on ten \
            bands, speech after 30 ms above it, ended 160 ms after its \
            last frame above it, utterances of 0.13 to 4 s. Each line is one utterance: where speech was heard, its \
            length, and when the end was decided. A WAV file or a pipe ends by itself; a microphone runs until Ctrl-C.

            Examples:
              spokend segments speech.wav
              spokend segments speech.wav --json | jq -c 'select(.type == "utterance")'
              arecord -q -f S16_LE -r 16000 -c 1 | spokend segments -
              spokend segments --device plughw:CARD=USB,DEV=0
            """)

    @Argument(help: "A WAV file, or - for raw S16_LE 16 kHz mono on standard input; none: the capture device.")
    var input: String?

    @Option(help: "Folder with the models whose front end the daemon streams. (default: ./Models or the repository's)")
    var models: String?

    @Option(help: "The ALSA capture device when no input is given (spokend devices lists them).")
    var device = "default"

    @Flag(help: "Pace a WAV file at real time, as a microphone would deliver it.")
    var realtime = false

    @Flag(help: "JSON lines: {\"type\":\"speech\",\"start\":…} and {\"type\":\"utterance\",\"start\":…,\"end\":…}.")
    var json = false

    func run() throws {
        let frontEnd = try Recognizer(directory: ModelsDirectory.resolve(models), profile: .nrf52840).frontEnd
        let source = try AudioSource(AudioInput(input: input, device: device, realtime: realtime))
        try source.start()
        defer { source.stop() }
        let rate = Double(frontEnd.sampleRate)
        var count = 0
        try UtteranceStream(frontEnd: frontEnd).run(source) { event in
            switch event {
            case .speechStarted(let sample):
                if json { emit(Line(type: "speech", start: Double(sample) / rate)) }
            case .utterance(let utterance):
                count += 1
                let start = Double(utterance.speechSamples.lowerBound) / rate
                let end = Double(utterance.speechSamples.upperBound) / rate
                let decided = Double(utterance.decidedAt) / rate
                if json {
                    emit(
                        Line(
                            type: "utterance", start: start, end: end, decided: decided,
                            framesStart: Double(utterance.samples.lowerBound) / rate,
                            framesEnd: Double(utterance.samples.upperBound) / rate, frames: utterance.frameCount,
                            split: utterance.isSplit))
                } else {
                    print(
                        String(
                            format: "%@ – %@  %.2f s  (end decided %.0f ms after it)%@", Self.clock(start),
                            Self.clock(end), end - start, (decided - end) * 1000, utterance.isSplit ? "  split" : ""))
                }
            }
        }
        let status = source.status
        if !json {
            print("\(count) utterance(s) in \(String(format: "%.2f", Double(status.samples) / rate)) s of audio")
        }
        if let error = status.lastError, !source.input.isLive { throw AudioError(.io, error) }
    }

    /// One JSON line: a `speech` start, or an `utterance` with all its fields (a field that is nil is left out).
    private struct Line: Encodable {
        var type: String
        var start: Double
        var end: Double?
        var decided: Double?
        var framesStart: Double?
        var framesEnd: Double?
        var frames: Int?
        var split: Bool?

        enum CodingKeys: String, CodingKey {
            case type, start, end, decided, frames, split
            case framesStart = "frames_start"
            case framesEnd = "frames_end"
        }
    }

    /// One JSON object per line, keys sorted, so lines compare and diff well.
    private func emit(_ line: Line) {
        print(String(decoding: StableJSON.encode(line), as: UTF8.self))
    }

    /// `mm:ss.cc` of a stream time.
    private static func clock(_ seconds: Double) -> String {
        String(format: "%02d:%05.2f", Int(seconds) / 60, seconds.truncatingRemainder(dividingBy: 60))
    }
}
