import ArgumentParser
import SpokenNN

/// `spokend invoke`: a batch of inputs through a model in the TFLM-faithful interpreter.
struct Invoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a batch of inputs (.npy, first axis = batch) through a .tflite model.",
        discussion: """
            The model loads into the device profile's arena as it would on the chip: a model that does not fit \
            fails with how many bytes it needs. int8 inputs go to an int8 model as they are; float32 inputs go to \
            a float model as they are and are quantized with the input tensor's scale and zero point for an int8 \
            model. Outputs keep the model's output type (int8 or float32).

            Examples:
              spokend invoke Models/number.tflite --input features.npy --output scores.npy
              spokend invoke model.tflite --input x.npy --output y.npy --profile cortex-m4
              spokend invoke add.tflite --input a.npy --input b.npy --output sum.npy
              python3 -c "import numpy as np; print(np.load('scores.npy').argmax(axis=-1))"
            """)

    @Argument(help: "A .tflite model.") var model: String
    @Option(
        help: """
            Inputs: an int8 or float32 .npy array of shape [N] + the model's input shape; repeat it for a model \
            with several inputs, in the model's input order.
            """)
    var input: [String]
    @Option(help: "Where to write the outputs (.npy, shape [N] + the model's output shape).") var output: String
    @Option(help: "Device profile name (\(DeviceProfile.builtInNames.joined(separator: ", "))) or JSON file.")
    var profile = "nrf52840"

    func run() throws {
        let device = try DeviceProfile.named(profile)
        let interpreter = try Interpreter(model: try ModelReader.read(contentsOf: model), arenaSize: device.arenaBytes)
        let arrays = try input.map { path throws(ModelError) in try NPYFile(contentsOf: path) }
        let result = try BatchInvocation(interpreter: interpreter).run(arrays)
        try result.write(to: output)
        print(
            "\(result.shape[0]) inputs → \(output) \(result.shape), arena \(interpreter.arenaUsed) of \(device.arenaBytes) bytes"
        )
    }
}
