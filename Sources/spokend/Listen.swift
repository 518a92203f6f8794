import ArgumentParser
import Foundation
import SpokenAudio
import SpokenCorpus
import SpokenDaemon
import SpokenNN
import UnixSignals

/// `spokend listen`: the pipeline in the foreground, printing what it hears.
struct Listen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hear numbers from the microphone (or a file, or stdin) and print each as it is said.",
        discussion: """
            One line per utterance: stream time, language, number, each model's confidence, and how long after \
            the end of speech an nRF52840 would have answered:
              00:12.34  de  42   lang 0.97  num 0.91   chip 28 ms
            When the default capture device cannot be opened, it says so and plays a demo stream instead (numbers \
            in English, German, French and Mandarin, synthesized with espeak-ng on first use and cached); a device \
            named with --device must open. Ctrl-C stops and prints a summary.

            Examples:
              spokend listen
              spokend listen --device plughw:CARD=USB,DEV=0 --min-confidence 0.5
              spokend listen --input recording.wav --json | jq -c '[.language.label, .number.value]'
              arecord -f S16_LE -r 16000 -c 1 | spokend listen --input -
            """)

    @OptionGroup var options: PipelineOptions

    @Flag(help: "Print the protocol's JSON lines (the socket's events) instead of readable ones.")
    var json = false

    @Flag(help: "Also print the voice activity detector's speech/silence transitions.")
    var vad = false

    func run() async throws {
        let profile = try DeviceProfile.named(options.profile)
        let directory = ModelsDirectory.resolve(options.models)
        let models = try LoadedModels(directory: directory, profile: profile)
        let source = try Self.openSource(
            options.audioInput, sampleRate: models.frontEnd.sampleRate, demoIfMissing: options.device == nil)
        defer { source.stop() }
        let pipeline = try Pipeline(
            source: source, models: models, profile: profile, minimumConfidence: options.minConfidence)
        let note = "listening to \(source.input) with \(directory) on \(profile.name); Ctrl-C stops"
        FileHandle.standardError.write(Data((note + "\n").utf8))
        let stopper = Task {
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                pipeline.stop()
                return
            }
        }
        let json = json
        let vad = vad
        try await pipeline.runOnOwnThread(sink: { event in
            switch event {
            case .vad where !vad, .hello, .status: return
            default: break
            }
            let line = json ? String(decoding: event.jsonLine().dropLast(), as: UTF8.self) : EventFormatter.line(event)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        })
        stopper.cancel()
        FileHandle.standardError.write(Data((EventFormatter.summary(pipeline.status) + "\n").utf8))
    }

    /// Opens `input`. With `demoIfMissing`, a capture device that cannot be opened is replaced by the demo stream,
    /// said so on stderr, so `make listen` shows something on a machine without a microphone; a device the user
    /// named is an error instead, since playing a demo would hide a typo in its name.
    static func openSource(_ input: AudioInput, sampleRate: Int, demoIfMissing: Bool) throws -> AudioSource {
        let source = try AudioSource(input, sampleRate: sampleRate)
        do {
            try source.start()
            return source
        } catch {
            guard input.isLive, demoIfMissing else { throw error }
            let demo = try DemoStream.cachedFile()
            let message = "no capture device (\(error.detail)); playing the demo stream \(demo) instead"
            FileHandle.standardError.write(Data(("spokend: " + message + "\n").utf8))
            let replacement = try AudioSource(.file(demo, realtime: true), sampleRate: sampleRate)
            try replacement.start()
            return replacement
        }
    }
}
