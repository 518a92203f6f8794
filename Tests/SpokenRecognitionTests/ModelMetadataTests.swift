import Foundation
import SpokenDSP
import SpokenNN
import SpokenRecognition
import Testing

@Suite("A model's spokend metadata")
struct ModelMetadataTests {
    @Test("front end, labels and provenance survive writing and reading the .tflite file")
    func roundTrip() throws {
        let model = try ModelReader.read(RecognitionFixture.modelBytes())
        let read = try ModelMetadata(model: model)
        #expect(read == RecognitionFixture.metadata)
        #expect(read.task == .language)
        #expect(String(decoding: model.metadata(named: "spokend.labels")!, as: UTF8.self).hasPrefix("silence,unknown,"))
    }

    @Test("attaching again replaces the entries instead of adding more")
    func attachTwice() throws {
        let once = RecognitionFixture.metadata.attached(to: try RecognitionFixture.bareModel())
        var changed = RecognitionFixture.metadata
        changed.labels = (0..<12).map(String.init)
        changed.provenance = nil
        let twice = changed.attached(to: once)
        #expect(twice.metadata.filter { $0.name.hasPrefix("spokend.") }.count == 2)
        #expect(twice.buffers.count == once.buffers.count)
        let read = try ModelMetadata(model: ModelReader.read(ModelWriter.write(twice)))
        #expect(read.labels == changed.labels && read.provenance == nil && read.task == .number)
    }

    @Test("a model without spokend.frontend is refused by name")
    func missingFrontEnd() throws {
        let error = #expect(throws: RecognitionError.self) {
            try ModelMetadata(model: RecognitionFixture.bareModel(), name: "kws.tflite")
        }
        #expect(error?.code == .missingMetadata)
        #expect(error?.description.contains("kws.tflite has no spokend.frontend") == true)
    }

    @Test(
        "malformed entries name the entry and what is wrong",
        arguments: [
            ("spokend.frontend", "{\"sample_rate\": 16000}", "n_fft is missing"),
            ("spokend.frontend", "{\"sample_rate\": 16000, \"n_fft\": 512, \"hop\": 160, \"mels\": 10}", "frames"),
            ("spokend.labels", "yes,,no", "non-empty"),
            ("spokend.labels", "yes,no,yes", "repeats"),
            ("spokend.provenance", "[1, 2]", "provenance"),
        ])
    func malformed(entry: String, text: String, message: String) throws {
        var model = RecognitionFixture.metadata.attached(to: try RecognitionFixture.bareModel())
        let buffer = Int(model.metadata.first { $0.name == entry }!.buffer)
        model.buffers[buffer] = Buffer(Array(text.utf8))
        let error = #expect(throws: RecognitionError.self) { try ModelMetadata(model: model, name: "m.tflite") }
        #expect(error?.code == .malformedMetadata)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("m.tflite") == true)
    }
}
