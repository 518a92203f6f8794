/// What a recognition model answers, told by its labels: the language (`en,de,fr,zh`) or the number (`0…99`).
public enum ModelTask: String, Codable, Sendable, CaseIterable {
    case language
    case number

    /// `.number` when every label is a whole number, `.language` otherwise.
    public init(labels: [String]) {
        self = labels.allSatisfy { Int($0) != nil } ? .number : .language
    }

    /// The file name a models folder uses for it: `language.tflite`, `number.tflite`.
    public var fileName: String { "\(rawValue).tflite" }
}
