/// The `utterance` event: when an utterance was heard, what was said, and what it cost the device.
public struct UtteranceEvent: Codable, Sendable, Equatable {
    /// Stream time of the utterance's first sample, in seconds.
    public var start: Double
    /// Stream time of its end (the segmenter's end, before the hangover), in seconds.
    public var end: Double
    /// The language model's answer.
    public var language: Answer
    /// The number model's answer.
    public var number: NumberAnswer
    /// The device timeline's account of the utterance.
    public var device: DeviceCost

    public init(start: Double, end: Double, language: Answer, number: NumberAnswer, device: DeviceCost) {
        self.start = start
        self.end = end
        self.language = language
        self.number = number
        self.device = device
    }

    /// A class label with its softmax confidence.
    public struct Answer: Codable, Sendable, Equatable {
        public var label: String
        public var confidence: Double

        public init(label: String, confidence: Double) {
            self.label = label
            self.confidence = confidence
        }
    }

    /// A number (0–99) with its softmax confidence.
    public struct NumberAnswer: Codable, Sendable, Equatable {
        public var value: Int
        public var confidence: Double

        public init(value: Int, confidence: Double) {
            self.value = value
            self.confidence = confidence
        }
    }

    /// What the utterance cost the chip, from the device timeline.
    public struct DeviceCost: Codable, Sendable, Equatable {
        /// Cycles of both inferences (the front end runs per frame and is not in here).
        public var cycles: Int
        /// Device time from the end of the utterance to both answers, in milliseconds.
        public var latencyMs: Double
        /// Energy of both inferences, in microjoules.
        public var energyMicrojoules: Double
        /// Whether the chip kept up: the utterance was classified before the next one needed the interpreter.
        public var budgetOK: Bool

        public init(cycles: Int, latencyMs: Double, energyMicrojoules: Double, budgetOK: Bool) {
            self.cycles = cycles
            self.latencyMs = latencyMs
            self.energyMicrojoules = energyMicrojoules
            self.budgetOK = budgetOK
        }

        private enum CodingKeys: String, CodingKey {
            case cycles
            case latencyMs = "latency_ms"
            case energyMicrojoules = "energy_uj"
            case budgetOK = "budget_ok"
        }
    }
}
