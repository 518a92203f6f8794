import Foundation
import SpokenDSP
import SpokenNN
import SpokenRecognition
import TestSupport
import Testing

@Suite("spokend inspect")
struct InspectCommandTests {
    static let fixtures = PythonReference.repositoryRoot.appendingPathComponent("Tests/SpokenNNTests/Fixtures")
    static let dscnn = fixtures.appendingPathComponent("dscnn_kws.tflite").path

    @Test("--json prints the report and --plot writes the plan; the DS-CNN with reference kernels is above 182 ms")
    func jsonAndPlot() throws {
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-plan-\(UUID()).svg")
        defer { try? FileManager.default.removeItem(at: svg) }
        let result = try SpokendProcess.run([
            "inspect", Self.dscnn, "--profile", "cortex-m4", "--clock-mhz", "120", "--flavor", "reference",
            "--optimization", "O2", "--json", "--plot", svg.path,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONDecoder().decode(Inspection.self, from: Data(result.standardOutput.utf8))
        #expect(report.fits)
        #expect(report.clockHz == 120_000_000 && report.flavor == .reference && report.optimization == .speed)
        // v0.5's CMSIS-NN build of 2020 on the same board; reference kernels are slower (MLPerfTinyOutOfSampleTests).
        #expect(report.totals.latencyMilliseconds >= 182)
        let drawing = try String(contentsOf: svg, encoding: .utf8)
        #expect(drawing.components(separatedBy: #"class="block""#).count - 1 == report.plan.count)
    }

    @Test("a spokend model gets a front-end section: its latency adds the last frame and the finish to inference")
    func frontEndSection() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-kws-\(UUID()).tflite")
        defer { try? FileManager.default.removeItem(at: path) }
        let frontEnd = FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 320, mels: 10, frames: 49)
        let metadata = ModelMetadata(frontEnd: frontEnd, labels: (0..<12).map(String.init))
        try Data(ModelWriter.write(metadata.attached(to: ModelReader.read(contentsOf: Self.dscnn)))).write(to: path)

        let text = try SpokendProcess.run(["inspect", path.path])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("front end (spokend.frontend): 16000 Hz, n_fft 512, hop 320 (20.0 ms)"))
        #expect(text.standardOutput.contains("arm_rfft_fast_f32"))
        #expect(text.standardOutput.contains("\nmodel: number, 12 labels (0,1,2,3,4,5,6,7,8,9,10,11)\n"))

        let json = try SpokendProcess.run(["inspect", path.path, "--json"])
        let report = try JSONDecoder().decode(Inspection.self, from: Data(json.standardOutput.utf8))
        struct Section: Decodable { var frontEnd: FrontEndInspection }
        let section = try JSONDecoder().decode(Section.self, from: Data(json.standardOutput.utf8)).frontEnd
        let utterance = section.utterance
        #expect(utterance.inferenceCycles == report.totals.cycles)
        #expect(
            utterance.latencyCycles == section.cost.cyclesPerFrame + utterance.finalizeCycles + report.totals.cycles)
        #expect(utterance.frames == 49 && section.cost.dutyCycle > 0 && section.cost.dutyCycle < 1)

        let bare = try SpokendProcess.run(["inspect", Self.dscnn])
        #expect(!bare.standardOutput.contains("front end"))
    }

    @Test("a model that does not fit the profile exits 3 and says why")
    func doesNotFit() throws {
        let chip = Self.fixtures.appendingPathComponent("profiles/tiny-chip.json").path
        let result = try SpokendProcess.run(["inspect", Self.dscnn, "--profile", chip])
        #expect(result.status == 3)
        #expect(result.standardOutput.contains("DOES NOT FIT: arena: needs"))
    }

    @Test("several models are reported in turn, as a JSON array with --json, and one that does not fit sets 3")
    func severalModels() throws {
        let chip = Self.fixtures.appendingPathComponent("profiles/tiny-chip.json").path
        let small = Self.fixtures.appendingPathComponent("fc_per_tensor.tflite").path
        let both = try SpokendProcess.run(["inspect", small, Self.dscnn, "--json"])
        #expect(both.status == 0, "\(both.standardError)")
        let reports = try JSONDecoder().decode([Inspection].self, from: Data(both.standardOutput.utf8))
        #expect(reports.map(\.model) == ["fc_per_tensor.tflite", "dscnn_kws.tflite"])
        let onTinyChip = try SpokendProcess.run(["inspect", small, Self.dscnn, "--profile", chip])
        #expect(onTinyChip.status == 3)
        #expect(onTinyChip.standardOutput.components(separatedBy: "verdict").count == 3)
        #expect(try SpokendProcess.run(["inspect", small, Self.dscnn, "--plot", "x.svg"]).status == 64)
    }

    @Test("a missing model or profile is one 'spokend: …' line and status 1; a bad flavour is a usage error")
    func errors() throws {
        let missing = try SpokendProcess.run(["inspect", "/nonexistent/model.tflite"])
        #expect(missing.status == 1)
        #expect(missing.standardError.hasPrefix("spokend: cannot read model file"))
        let profile = try SpokendProcess.run(["inspect", Self.dscnn, "--profile", "/nonexistent/chip.json"])
        #expect(profile.status == 1)
        #expect(profile.standardError.hasPrefix("spokend: no device profile"))
        let flavor = try SpokendProcess.run(["inspect", Self.dscnn, "--flavor", "fast"])
        #expect(flavor.status == 64)
    }

    @Test(
        "a hostile --clock-mhz is one 'spokend: …' line and status 1",
        arguments: [["inf"], ["1e-7", "--json"], ["nan"], ["0"], ["-5"], ["1e300", "--json"]])
    func hostileClock(arguments: [String]) throws {
        // `=` so that "-5" is the option's value, not an option.
        let result = try SpokendProcess.run(
            ["inspect", Self.dscnn, "--clock-mhz=" + arguments[0]] + arguments.dropFirst())
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("spokend: clock "))
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardOutput.isEmpty)
    }

    @Test(
        "a profile with a huge or negative coefficient, voltage or current is one line and status 1",
        arguments: [
            #""cycles":{"reference":{"stallFactor":1e300}}"#, #""supplyVolts":-3"#,
            #""runCurrentMicroampsPerMHz":1e308"#, #""clockHz":-64000000"#, #""ramBytes":9223372036854775807"#,
        ])
    func hostileProfile(field: String) throws {
        let base = try JSONSerialization.jsonObject(with: DeviceProfile.cortexM4().json()) as! [String: Any]
        let change = try JSONSerialization.jsonObject(with: Data("{\(field)}".utf8)) as! [String: Any]
        func merge(_ a: [String: Any], _ b: [String: Any]) -> [String: Any] {
            a.merging(b) { old, new in
                guard let old = old as? [String: Any], let new = new as? [String: Any] else { return new }
                return merge(old, new)
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-hostile-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: merge(base, change)).write(to: file)
        let result = try SpokendProcess.run(["inspect", Self.dscnn, "--profile", file.path, "--json"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("spokend: \(file.path): "))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test("a model whose variable input needs 126 MB is refused at load with the bytes it needs (fuzzing)")
    func unplannedInput() throws {
        let model = Self.fixtures.appendingPathComponent("regression-unplanned-input-126MB.tflite").path
        let result = try SpokendProcess.run(["inspect", model])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("spokend: model needs 1258"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
