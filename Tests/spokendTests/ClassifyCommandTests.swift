import Foundation
import SpokenAudio
import TestSupport
import Testing

@Suite("spokend classify")
struct ClassifyCommandTests {
    /// A folder with the tiny models and WAV files: espeak-ng saying "zweiundvierzig" (22.05 kHz) with half a second
    /// of silence on each side, the same with a second and a half and in stereo, a second of silence, and a file
    /// that is not a WAV.
    private func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-classify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try TinyModels.write(to: directory)
        let spoken = directory.appendingPathComponent("spoken.wav").path
        try TinyModels.say("zweiundvierzig", voice: "de", to: spoken)
        let wav = try WAVFile(contentsOf: spoken)
        func silence(_ seconds: Double) -> [Float] {
            [Float](repeating: 0, count: Int(seconds * Double(wav.sampleRate)))
        }
        try WAVFile(sampleRate: wav.sampleRate, channelCount: 1, samples: silence(0.5) + wav.samples + silence(0.5))
            .write(to: directory.appendingPathComponent("42.wav").path, as: .pcm16)
        let padded = silence(1.5) + wav.samples + silence(1.5)
        try WAVFile(sampleRate: wav.sampleRate, channelCount: 2, samples: padded.flatMap { [$0, $0] })
            .write(to: directory.appendingPathComponent("42-padded.wav").path, as: .pcm16)
        try WAVFile(sampleRate: 16000, channelCount: 1, samples: silence(1))
            .write(to: directory.appendingPathComponent("silence.wav").path, as: .pcm16)
        try Data("not a wav".utf8).write(to: directory.appendingPathComponent("broken.wav"))
        return directory
    }

    @Test("--json: one object per file with the issue's keys; silence around the word changes nothing")
    func json() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["42.wav", "42-padded.wav"].map { directory.appendingPathComponent($0).path }
        let result = try SpokendProcess.run(["classify", "--models", directory.path, "--json"] + files)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(
            lines.allSatisfy { $0.hasPrefix("{\"file\":") && $0.contains("},\"number\":{\"value\":") },
            "\(lines)")
        struct Line: Decodable {
            struct Language: Decodable {
                var label: String
                var confidence: Double
            }
            struct Number: Decodable {
                var value: Int
                var confidence: Double
            }
            struct Device: Decodable {
                var cycles: Int
                var latencyMilliseconds: Double
                var energyMicrojoules: Double
                var frontEndDutyCycle: Double
                enum CodingKeys: String, CodingKey {
                    case cycles
                    case latencyMilliseconds = "latency_ms"
                    case energyMicrojoules = "energy_uj"
                    case frontEndDutyCycle = "frontend_duty_cycle"
                }
            }
            var file: String
            var language: Language
            var number: Number
            var device: Device
        }
        let decoded = try lines.map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.file) == files)
        for line in decoded {
            #expect(["en", "de", "fr", "zh"].contains(line.language.label))
            #expect((0...99).contains(line.number.value))
            #expect(line.language.confidence > 0 && line.language.confidence <= 1)
            #expect(line.device.latencyMilliseconds > 0 && line.device.energyMicrojoules > 0 && line.device.cycles > 0)
            #expect(line.device.frontEndDutyCycle > 0 && line.device.frontEndDutyCycle < 1)
        }
        // The VAD finds the same word in both: the same frames, so the same answers and the same cost on the chip.
        let answers = decoded.map {
            "\($0.language.label) \($0.language.confidence) \($0.number.value) \($0.number.confidence)"
        }
        #expect(answers[0] == answers[1])
        #expect(decoded[0].device.cycles == decoded[1].device.cycles)
    }

    @Test("an unreadable file or one without speech gets an error line, the batch goes on, the exit status says so")
    func unreadable() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["42.wav", "broken.wav", "missing.wav", "silence.wav", "42-padded.wav"].map {
            directory.appendingPathComponent($0).path
        }
        let text = try SpokendProcess.run(["classify", "--models", directory.path] + files)
        #expect(text.status == 1)
        let lines = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix(files[0] + ":  ") && lines[0].contains("ms after speech"))
        #expect(lines[1].hasPrefix(files[1] + ": error: ") && lines[2].hasPrefix(files[2] + ": error: "))
        #expect(lines[3] == files[3] + ": error: no speech heard")
        #expect(lines[4].contains("µJ on nrf52840"))
        #expect(text.standardError == "spokend: 3 of 5 files could not be classified\n")

        let json = try SpokendProcess.run(["classify", "--models", directory.path, "--json"] + files)
        #expect(json.status == 1)
        let objects = json.standardOutput.split(separator: "\n").map(String.init)
        #expect(objects[1].hasPrefix("{\"file\":") && objects[1].contains("\"error\":"))
        #expect(objects[3] == "{\"file\":\"\(files[3])\",\"error\":\"no speech heard\"}")
        #expect(objects[4].contains("\"device\":"))
    }

    @Test("no models: one line that says where it looked and what it expected")
    func noModels() throws {
        let result = try SpokendProcess.run(["classify", "--models", "/nonexistent", "a.wav"])
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "spokend: no models in /nonexistent: expected language.tflite and/or number.tflite\n")
    }
}
