import ArgumentParser
import Foundation
import SpokenAudio
import SpokenDSP
import SpokenNN

/// `spokend features`: the log-mel features a model would see for a WAV file, as a float32 `[frames, mels]` `.npy`.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the log-mel features of a WAV file as a float32 [frames, mels] .npy.",
        discussion: """
            The audio is mixed down to mono, resampled to the front end's rate (band-limited, 80 dB stopband) and \
            run through the same front end that training and the daemon use: STFT, mel filterbank, decibels as \
            librosa's power_to_db. The front end comes from a JSON config (what a model carries as its \
            spokend.frontend metadata) or from the options; without either it is 16 kHz, n_fft 512, hop 160, 40 \
            Slaney mels, Hann window, power spectrogram, top_db 80.

            Examples:
              spokend features speech.wav --output speech.npy
              spokend features speech.wav --output speech8k.npy \\
                  --sample-rate 8000 --n-fft 256 --hop 128 --mels 32
              spokend features speech.wav --config frontend.json --output speech.npy
              python3 -c 'import numpy; print(numpy.load("speech.npy").shape)'

            A frontend.json needs sample_rate, n_fft, hop and mels; other keys default as above:
              {"sample_rate": 16000, "n_fft": 512, "hop": 160, "mels": 40,
               "log": {"kind": "db", "top_db": 80}}
            """)

    @Argument(help: "A WAV file: 8/16/24/32-bit PCM or 32/64-bit float, any rate, any number of channels.")
    var file: String

    @Option(help: ArgumentHelp("The .npy file to write (replaced atomically).", valueName: "X.npy"))
    var output: String

    @Option(help: ArgumentHelp("Front-end config JSON; not combined with the options below.", valueName: "json"))
    var config: String?

    @Option(help: "Sample rate in Hz that the audio is resampled to. (default: 16000)")
    var sampleRate: Int?

    @Option(name: .customLong("n-fft"), help: "FFT size: even, 64…2048. (default: 512)")
    var nFFT: Int?

    @Option(help: "Hop between frames in samples. (default: 160)")
    var hop: Int?

    @Option(help: "Mel bands. (default: 40)")
    var mels: Int?

    @Option(help: "Lowest mel frequency in Hz. (default: 0)")
    var fmin: Double?

    @Option(help: "Highest mel frequency in Hz. (default: sample rate / 2)")
    var fmax: Double?

    @Option(help: "Window, periodic as librosa's. (default: hann)")
    var window: Window?

    @Option(help: "Mel scale. (default: slaney)")
    var melScale: MelScale?

    @Option(help: "Mel filter normalisation. (default: slaney)")
    var melNorm: MelNorm?

    @Option(help: "2 for a power spectrogram, 1 for magnitude. (default: 2)")
    var power: Int?

    @Option(name: .customLong("top-db"), help: "Raise every value to at least the peak minus this. (default: 80)")
    var topDB: Double?

    @Flag(help: "Centred frames (librosa center=True, zero padding); offline only.")
    var center = false

    /// Whether any single front-end option was given.
    private var hasFrontEndOptions: Bool {
        let given: [Any?] = [sampleRate, nFFT, hop, mels, fmin, fmax, window, melScale, melNorm, power, topDB]
        return center || given.contains { $0 != nil }
    }

    func validate() throws {
        if config != nil && hasFrontEndOptions {
            throw ValidationError("--config cannot be combined with front-end options such as --sample-rate or --mels")
        }
    }

    /// The front end from `--config`, or from the options and their defaults.
    func frontEnd() throws -> FrontEndConfig {
        if let config {
            let json: Data
            do {
                json = try Data(contentsOf: URL(fileURLWithPath: config))
            } catch {
                throw DSPError(.invalidConfiguration, "\(config): cannot read: \(error.localizedDescription)")
            }
            return try FrontEndConfig.decode(json: json)
        }
        let frontEnd = FrontEndConfig(
            sampleRate: sampleRate ?? 16000, nFFT: nFFT ?? 512, hop: hop ?? 160, mels: mels ?? 40,
            window: window ?? .hann, fmin: fmin ?? 0, fmax: fmax, power: power ?? 2,
            melScale: melScale ?? .slaney, melNorm: melNorm ?? .slaney,
            center: center, log: LogConfig(topDB: topDB ?? 80))
        try frontEnd.validate()
        return frontEnd
    }

    func run() throws {
        let frontEnd = try frontEnd()
        let wav = try WAVFile(contentsOf: file)
        let features = try wav.features(config: frontEnd)
        try NPYFile(shape: features.shape, values: features.values).write(to: output)
        let seconds = String(format: "%.2f", wav.duration)
        print(
            "\(file): \(seconds) s, \(wav.sampleRate) Hz, \(wav.channelCount) channel(s) → \(features.frameCount) "
                + "frames × \(features.melCount) mels at \(frontEnd.sampleRate) Hz → \(output)")
    }
}

// The front end's choices parse as arguments, so `--help` lists them and a wrong one is a usage error.
extension Window: ExpressibleByArgument {}
extension MelScale: ExpressibleByArgument {}
extension MelNorm: ExpressibleByArgument {}
