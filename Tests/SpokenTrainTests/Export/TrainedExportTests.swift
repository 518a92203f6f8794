import Foundation
import SpokenNN
import SpokenRecognition
import SpokenTrain
import TestSupport
import Testing

/// What CI checks of the whole path: the engine trains a tiny network for a few steps, the exporter makes it an
/// int8 `.tflite`, and the file runs bit for bit in tflite-micro, loads in TFLite, and answers like the float model.
@Suite("a trained model, exported")
struct TrainedExportTests {
    @Test(
        "trained for two epochs, exported: bit-exact with tflite-micro, loaded by TFLite, agreeing with float",
        .enabled(if: PythonReference.isAvailable))
    func trainedModel() throws {
        let trainer = try Trainer(architecture: TrainerTests.everything, classes: 4, options: TrainerTests.options)
        let data = TrainerTests.bands(classes: 4, perClass: 8, seed: 4)
        for epoch in 0..<2 { _ = try trainer.trainEpoch(data, epoch: epoch) }
        let graph = trainer.inferenceGraph()
        let metadata = ModelMetadata(
            frontEnd: TrainerTests.everything.frontEnd, labels: ["en", "de", "fr", "zh"],
            provenance: Provenance(corpus: "bands", seed: TrainerTests.options.seed, architecture: "everything"))
        let bytes = try Int8Exporter(graph: graph, calibrationFeatures: data).write(metadata: metadata)

        let test = TrainerTests.bands(classes: 4, perClass: 4, seed: 9)
        let outputs = try ExportOracle.run(bytes, on: test)
        #expect(outputs.spokend == outputs.tflm)
        let far = zip(outputs.litert, outputs.spokend).filter { abs(Int($0) - Int($1)) > 3 }.count
        #expect(outputs.litert.count == outputs.spokend.count && far == 0)

        // The int8 model picks the float model's class on (nearly) every example.
        let float = try trainer.predict(test)
        var same = 0
        for example in 0..<test.count {
            let row = { (values: ArraySlice<Float>) in
                values.indices.max { values[$0] < values[$1] }! - values.startIndex
            }
            let int8 = outputs.spokend[(example * 4)..<((example + 1) * 4)].map(Float.init)
            if row(float[(example * 4)..<((example + 1) * 4)]) == row(int8[...]) { same += 1 }
        }
        #expect(same * 10 >= test.count * 9, "int8 agrees with float on \(same) of \(test.count)")

        let model = try RecognitionModel(
            model: ModelReader.read(bytes), name: "bands.tflite", fileBytes: bytes.count, profile: .nrf52840)
        #expect(model.metadata == metadata && model.task == .language)
    }
}
