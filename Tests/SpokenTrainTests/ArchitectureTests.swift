import Foundation
import SpokenDSP
import Testing

@testable import SpokenTrain

@Suite struct ArchitectureTests {
    @Test("the presets validate and survive a JSON round trip", arguments: Architecture.presetNames)
    func presets(name: String) throws {
        let architecture = try #require(Architecture.preset(name))
        try architecture.validate()
        #expect(try Architecture.decode(json: architecture.json()) == architecture)
        #expect(architecture.inputShape == [80, 40, 1])
    }

    @Test("preset sizes: parameters counted by hand from the layer list")
    func presetSizes() throws {
        // tiny: conv 3×3×1→8 (72) + BN (16); dw 3×3×8 (72) + BN (16); conv 1×1 8→16 (128) + BN (32);
        // dw 3×3×16 (144) + BN (32); conv 16→32 (512) + BN (64); head 32→10 (330).
        let tiny = try Trainer(architecture: .preset("tiny")!, classes: 10, options: TrainingOptions())
        #expect(tiny.parameterCount == 72 + 16 + 72 + 16 + 128 + 32 + 144 + 32 + 512 + 64 + 330)
        // The same network's graph: 5 convolutions, the pool, the classifier, softmax.
        #expect(tiny.inferenceGraph().nodes.count == 8)
    }

    @Test(
        "the validator names the bad field by its JSON path",
        arguments: [
            (#"{"kind": "conv2d", "filters": 8, "kernel": [3, 0]}"#, "layers[1].kernel: must be [height, width]"),
            (#"{"kind": "conv2d", "kernel": [3, 3]}"#, "layers[1].filters: is missing"),
            (#"{"kind": "dense", "units": 4, "kernel": [3, 3]}"#, "layers[1].kernel: not a field of dense"),
            (#"{"kind": "max_pool", "pool": [9, 2]}"#, "layers[1].pool: a 9×2 window"),
            (#"{"kind": "dropout", "rate": 1.5}"#, "layers[1].rate: must be in [0, 1)"),
            (
                #"{"kind": "residual", "layers": [{"kind": "conv2d", "filters": 3, "kernel": [1, 1]}]}"#,
                "layers[1].layers: the body turns the 8×8×4 input into 8×8×3"
            ),
            (
                #"{"kind": "residual", "layers": [{"kind": "conv2d", "filters": 4, "stride": [1, 1]}]}"#,
                "layers[1].layers[0].kernel: is missing"
            ),
        ])
    func namesTheField(layer: String, message: String) {
        let json = """
            {"front_end": {"sample_rate": 16000, "n_fft": 512, "hop": 160, "mels": 16, "frames": 16},
             "layers": [{"kind": "conv2d", "filters": 4, "kernel": [3, 3], "stride": [2, 2]}, \(layer)]}
            """
        #expect {
            _ = try Architecture.decode(json: Data(json.utf8))
        } throws: { error in
            let error = error as? TrainError
            return error?.code == .invalidArchitecture && error?.detail.hasPrefix("architecture: \(message)") == true
        }
    }

    @Test("unreadable JSON, an unknown kind and a front end without frames are refused with the path")
    func decodeErrors() {
        let frontEnd = #""sample_rate": 16000, "hop": 160, "mels": 16"#
        let cases = [
            (#"{"layers": []}"#, "architecture: front_end is missing"),
            (
                #"{"front_end": {\#(frontEnd), "n_fft": 512, "frames": 8}, "layers": [{"kind": "lstm"}]}"#,
                "architecture: layers[0].kind:"
            ),
            (
                #"{"front_end": {\#(frontEnd), "n_fft": 512}, "layers": []}"#,
                "architecture: front_end.frames is missing"
            ),
            (
                #"{"front_end": {\#(frontEnd), "n_fft": 501, "frames": 8}, "layers": []}"#,
                "architecture: front_end: front-end config: n_fft"
            ),
        ]
        for (json, message) in cases {
            #expect {
                _ = try Architecture.decode(json: Data(json.utf8))
            } throws: { error in
                (error as? TrainError)?.detail.hasPrefix(message) == true
            }
        }
    }

    @Test("training options name their bad field")
    func options() {
        #expect { try TrainingOptions(batchSize: 3, threads: 2).validate() } throws: {
            ($0 as? TrainError)?.detail == "training options: batch must be at least 2 per thread (4), got 3"
        }
        #expect { try TrainingOptions(learningRate: .nan).validate() } throws: {
            ($0 as? TrainError)?.detail.hasPrefix("training options: learning rate") == true
        }
    }
}
