/// What the recognizer heard in one utterance: each model's answer and what the chip would have spent.
public struct Recognition: Sendable, Equatable, Codable {
    /// The language model's answer, when a language model is loaded.
    public var language: Classification?
    /// The number model's answer, when a number model is loaded.
    public var number: Classification?
    public var device: DeviceCost

    public init(language: Classification?, number: Classification?, device: DeviceCost) {
        self.language = language
        self.number = number
        self.device = device
    }
}
