import ArgumentParser
import Foundation
import SpokenNN
import SpokenRecognition

/// `spokend inspect`: what a model costs on a device, and whether it fits.
struct Inspect: ParsableCommand {
    /// The exit status when the model does not fit the profile (1 is an error, 64 a usage mistake).
    static let doesNotFitStatus: Int32 = 3

    static let configuration = CommandConfiguration(
        abstract: "Show what a model costs on a device: ops, arena plan, flash, cycles, latency, energy.",
        discussion: """
            Loads the model into the interpreter with the profile's arena (as the chip would) and prices every op \
            with the cycle model of the profile's kernel flavour: per op its shapes, MACs, cycles and \
            milliseconds at the profile's clock; the arena plan (offset, size and lifetime of every buffer); arena \
            and flash used against what the profile leaves for the model; latency and energy; and a verdict.

            Profiles: nrf52840 (default: 64 MHz, 256 KiB RAM of which 190.75 KiB is left for the arena, 1 MiB \
            flash of which 732 KiB is left, CMSIS-NN at -Os), cortex-m4 (bare core, nothing reserved, CMSIS-NN at \
            -O2, --clock-mhz to set the clock), or a JSON file describing your own chip (name, clockHz, ramBytes, \
            flashBytes; see DeviceProfile for the optional fields).

            Several models are reported one after the other (with --json, as an array), as `spokend inspect \
            Models/*.tflite` checks the shipped pair. Exit status: 0 when every model fits, 3 when one does not fit \
            the arena or the flash, 1 on an error.

            Examples (from the repository root):
              m=Tests/SpokenNNTests/Fixtures/dscnn_kws.tflite
              spokend inspect $m
              spokend inspect $m --profile cortex-m4 --clock-mhz 120 --flavor reference
              spokend inspect $m --optimization O2 --json --plot plan.svg
              chip=Tests/SpokenNNTests/Fixtures/profiles/tiny-chip.json
              spokend inspect $m --profile $chip; echo $?        # 3: does not fit

            A spokend model (one with spokend.frontend metadata) also gets a front-end section: cycles per audio \
            frame for windowing, arm_rfft_fast_f32, power, mel and log on the device; the share of the chip's time \
            listening takes; the latency after the end of speech (the last frame's front end, finishing the \
            utterance, inference) and the energy of one utterance, front end included.
            """)

    @Argument(help: "One or more .tflite models.")
    var models: [String]

    @Option(help: "Device profile: nrf52840, cortex-m4, or a JSON file.")
    var profile = "nrf52840"

    @Option(help: "Kernel flavour: reference or cmsis-nn (default: the profile's).")
    var flavor: String?

    @Option(help: "Compiler optimisation of the device build: Os or O2 (default: the profile's).")
    var optimization: String?

    @Option(help: "Clock in MHz, 0.001 to 10000 (default: the profile's).")
    var clockMhz: Double?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Write the arena plan as an SVG to this file (one model only).")
    var plot: String?

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("name at least one .tflite model") }
        if plot != nil, models.count > 1 { throw ValidationError("--plot draws one model's plan; name one model") }
        if let flavor, KernelFlavor(rawValue: flavor) == nil {
            throw ValidationError("--flavor must be reference or cmsis-nn, not '\(flavor)'")
        }
        if let optimization, Self.optimizationLevel(optimization) == nil {
            throw ValidationError("--optimization must be Os or O2, not '\(optimization)'")
        }
    }

    func run() throws {
        var device = try DeviceProfile.named(profile)
        if let flavor { device.flavor = KernelFlavor(rawValue: flavor)! }
        if let optimization { device.optimization = Self.optimizationLevel(optimization)! }
        if let clockMhz { device = try device.withClock(megahertz: clockMhz) }
        var texts: [String] = []
        var fitsAll = true
        for model in models {
            let report = try Inspection(path: model, profile: device)
            let frontEnd = try FrontEndInspection(
                model: ModelReader.read(contentsOf: model), name: report.model, inferenceCycles: report.totals.cycles,
                profile: device)
            texts.append(
                json
                    ? try Self.json(report, frontEnd: frontEnd)
                    : report.table() + (frontEnd.map { "\n\n" + $0.table() } ?? ""))
            if let plot {
                do {
                    try report.svg().write(toFile: plot, atomically: true, encoding: .utf8)
                } catch {
                    throw ModelError(.malformed, "cannot write \(plot): \(error.localizedDescription)")
                }
            }
            fitsAll = fitsAll && report.fits
        }
        if json && texts.count > 1 {
            print("[\n" + texts.joined(separator: ",\n") + "\n]")
        } else {
            print(texts.joined(separator: "\n\n"))
        }
        if !fitsAll { throw ExitCode(Self.doesNotFitStatus) }
    }

    /// The report's JSON, with the front-end section under `frontEnd` when the model has one.
    private static func json(_ report: Inspection, frontEnd: FrontEndInspection?) throws -> String {
        guard let frontEnd else { return try report.json() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var object = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any] ?? [:]
        object["frontEnd"] = try JSONSerialization.jsonObject(with: encoder.encode(frontEnd))
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private static func optimizationLevel(_ text: String) -> OptimizationLevel? {
        let trimmed = text.hasPrefix("-") ? String(text.dropFirst()) : text
        return OptimizationLevel(rawValue: "-" + trimmed)
    }
}
