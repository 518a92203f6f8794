/// The `hello` event: the daemon's version, its models with what they cost on the device, and the audio it hears.
public struct Hello: Codable, Sendable, Equatable {
    /// spokend's version.
    public var version: String
    /// The loaded models, language first.
    public var models: [ModelSummary]
    /// What the audio source delivers to the front end.
    public var audio: AudioFormat
    /// The device the timeline models (`nrf52840`).
    public var device: String

    public init(version: String, models: [ModelSummary], audio: AudioFormat, device: String) {
        self.version = version
        self.models = models
        self.audio = audio
        self.device = device
    }

    /// A model as clients see it.
    public struct ModelSummary: Codable, Sendable, Equatable {
        /// `language` or `number`.
        public var name: String
        /// The class labels in output order.
        public var labels: [String]
        /// The `.tflite` file's size.
        public var bytes: Int
        /// Arena bytes the model uses on the device.
        public var arenaBytes: Int
        /// Modelled cycles of one inference on the device.
        public var cycles: Int
        /// One inference's latency on the device, in milliseconds.
        public var latencyMs: Double

        public init(name: String, labels: [String], bytes: Int, arenaBytes: Int, cycles: Int, latencyMs: Double) {
            self.name = name
            self.labels = labels
            self.bytes = bytes
            self.arenaBytes = arenaBytes
            self.cycles = cycles
            self.latencyMs = latencyMs
        }

        private enum CodingKeys: String, CodingKey {
            case name, labels, bytes, cycles
            case arenaBytes = "arena_bytes"
            case latencyMs = "latency_ms"
        }
    }

    /// Sample format after capture (and resampling): what the front end reads from the ring.
    public struct AudioFormat: Codable, Sendable, Equatable {
        /// Samples per second.
        public var sampleRate: Int
        /// Where the audio comes from: an ALSA device name, a file path or `-` for stdin.
        public var source: String

        public init(sampleRate: Int, source: String) {
            self.sampleRate = sampleRate
            self.source = source
        }

        private enum CodingKeys: String, CodingKey {
            case sampleRate = "sample_rate"
            case source
        }
    }
}
