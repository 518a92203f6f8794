import Foundation
import SpokenDSP
import Testing

@Suite("FrontEndConfig JSON")
struct FrontEndConfigTests {
    @Test("missing optional keys take the documented defaults")
    func defaults() throws {
        let config = try FrontEndConfig.decode(
            json: Data(#"{"sample_rate":16000,"n_fft":512,"hop":160,"mels":40}"#.utf8))
        #expect(config == FrontEndConfig(sampleRate: 16000, nFFT: 512, hop: 160, mels: 40))
        #expect(config.fmax == 8000 && config.window == .hann && config.power == 2 && !config.center)
        #expect(config.melScale == .slaney && config.melNorm == .slaney && config.padMode == .constant)
        #expect(config.log == LogConfig(kind: .db, ref: 1, amin: 1e-10, topDB: nil) && config.frames == nil)
    }

    @Test("encoding writes every key in snake_case and decodes back to the same config")
    func roundTrip() throws {
        let config = FrontEndConfig(
            sampleRate: 8000, nFFT: 256, hop: 128, mels: 32, window: .hamming, fmin: 50, fmax: 3900, power: 1,
            melScale: .htk, melNorm: .none, center: true, padMode: .reflect,
            log: LogConfig(ref: 2, amin: 1e-8, topDB: 70), frames: 49, fit: .padOrCropEnd)
        let json = config.json()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "sample_rate", "n_fft", "hop", "mels", "window", "fmin", "fmax", "power", "mel_scale", "mel_norm",
                "center", "pad_mode", "log", "frames", "fit",
            ])
        #expect(object["fit"] as? String == "pad_or_crop_end" && object["mel_norm"] as? String == "none")
        #expect((object["log"] as? [String: Any])?["top_db"] as? Double == 70)
        #expect(try FrontEndConfig.decode(json: json) == config)
        #expect(config.json() == json)
    }

    @Test(
        "a bad value is refused with an error that names its field",
        arguments: [
            (#""n_fft":501"#, "n_fft"), (#""n_fft":4096"#, "n_fft"), (#""hop":0"#, "hop"), (#""hop":600"#, "hop"),
            (#""mels":300"#, "mels"), (#""sample_rate":0"#, "sample_rate"), (#""fmax":9000"#, "fmax"),
            (#""fmin":-1"#, "fmin"), (#""power":3"#, "power"), (#""window":"blackman""#, "window"),
            (#""mel_scale":"bark""#, "mel_scale"), (#""log":{"kind":"db","amin":0}"#, "log.amin"),
            (#""log":{"kind":"db","amin":1e-40}"#, "log.amin"),
            (#""log":{"kind":"db","top_db":-5}"#, "log.top_db"), (#""log":{"kind":"ln"}"#, "log.kind"),
            (#""frames":0"#, "frames"), (#""fit":"stretch""#, "fit"), (#""hop":"160""#, "hop"),
        ])
    func badField(override: String, field: String) throws {
        var fields = [
            "sample_rate": "16000", "n_fft": "512", "hop": "160", "mels": "40",
        ]
        let parts = override.split(separator: ":", maxSplits: 1).map(String.init)
        fields[String(parts[0].dropFirst().dropLast())] = parts[1]
        let json = "{" + fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let error = try #require(throws: DSPError.self) { try FrontEndConfig.decode(json: Data(json.utf8)) }
        #expect(error.code == .invalidConfiguration)
        #expect(error.description.contains(field), "\(error)")
    }

    @Test("a missing required key is named")
    func missingKey() throws {
        let error = try #require(throws: DSPError.self) {
            try FrontEndConfig.decode(json: Data(#"{"sample_rate":16000,"n_fft":512,"mels":40}"#.utf8))
        }
        #expect(error.description.contains("hop is missing"), "\(error)")
    }
}
