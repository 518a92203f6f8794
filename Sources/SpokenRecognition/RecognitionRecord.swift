import Foundation

/// One recognition as the JSON line spokend prints (`classify --json`): snake_case keys, always in this order,
///
/// ```json
/// {"file": "a.wav", "language": {"label": "de", "confidence": 0.97}, "number": {"value": 42, "confidence": 0.91},
///  "device": {"cycles": 1234567, "latency_ms": 12.3, "energy_uj": 190.2, "frontend_duty_cycle": 0.067}}
/// ```
///
/// written by hand because Foundation's `JSONEncoder` on Linux neither keeps key order nor leaves `/` alone.
/// `language` or `number` is left out when that model is not loaded; a file that could not be recognized gives
/// `{"file": …, "error": "…"}`.
public struct RecognitionRecord: Sendable {
    public var file: String?
    public var recognition: Recognition?
    public var error: String?

    public init(file: String? = nil, recognition: Recognition) {
        self.file = file
        self.recognition = recognition
    }

    public init(file: String?, error: String) {
        self.file = file
        self.error = error
    }

    /// The record as one line of JSON.
    public func json() -> String {
        var fields: [String] = []
        if let file { fields.append("\"file\":\(Self.string(file))") }
        if let error { fields.append("\"error\":\(Self.string(error))") }
        if let recognition {
            if let language = recognition.language {
                fields.append(
                    "\"language\":{\"label\":\(Self.string(language.label)),"
                        + "\"confidence\":\(Self.number(language.confidence))}")
            }
            if let number = recognition.number {
                // A number model's labels are whole numbers (`ModelTask`).
                fields.append(
                    "\"number\":{\"value\":\(Int(number.label) ?? 0),\"confidence\":\(Self.number(number.confidence))}")
            }
            let device = recognition.device
            fields.append(
                "\"device\":{\"cycles\":\(device.cycles),\"latency_ms\":\(Self.number(device.latencyMilliseconds)),"
                    + "\"energy_uj\":\(Self.number(device.energyMicrojoules)),"
                    + "\"frontend_duty_cycle\":\(Self.number(device.frontEndDutyCycle))}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON number: Swift's shortest round-tripping form; `null` for a value JSON cannot hold.
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    /// A JSON string with `"`, `\` and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
