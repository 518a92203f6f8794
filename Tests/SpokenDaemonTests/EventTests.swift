import SpokenDaemon
import Testing

@Suite("protocol events")
struct EventTests {
    @Test("an event with a non-finite figure is still one JSON line, the figure as a string")
    func nonFiniteFigures() throws {
        let event = Event.utterance(
            UtteranceEvent(
                start: 1, end: 2, language: .init(label: "en", confidence: .nan),
                number: .init(value: 7, confidence: 0.5),
                device: .init(cycles: 10, latencyMs: .infinity, energyMicrojoules: 1, budgetOK: false)))
        let line = event.jsonLine()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""confidence":"nan""#))
        #expect(text.contains(#""latency_ms":"inf""#))
    }
}
