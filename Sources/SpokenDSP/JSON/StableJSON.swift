import Foundation

/// JSON of the values spokend builds itself (front-end configs, architectures, events, file headers, run records):
/// keys sorted, so equal values give equal bytes, and a non-finite number written as a string (`"nan"`, `"inf"`,
/// `"-inf"`), since JSON has no such numbers.
///
/// With that strategy `JSONEncoder` can fail only inside a throwing `encode(to:)`, and the synthesized conformances of
/// spokend's own structs and enums never throw; so encoding them cannot fail. This is the one place that relies on
/// it, instead of a `try!` at every caller. Should a type gain a custom encoder that throws, that is a programming
/// error, and it stops here with the type's name and the encoder's reason.
public enum StableJSON {
    /// `value` as JSON with sorted keys, plus `formatting` (`.prettyPrinted`, `.withoutEscapingSlashes`).
    public static func encode<Value: Encodable>(
        _ value: Value, formatting: JSONEncoder.OutputFormatting = []
    ) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting.union(.sortedKeys)
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try encoder.encode(value)
        } catch {
            preconditionFailure("\(Value.self) does not encode as JSON: \(error)")
        }
    }
}
