import Foundation
import Synchronization

/// ALSA capture devices that play prepared samples, so tests drive the real `snd_pcm_*` capture path without a
/// sound card: each is ALSA's `file` plugin reading its `infile` (raw S16_LE) over the `null` plugin.
///
/// `spokend_vanishing_<slot>` is the same device with its output (every frame captured) going to a FIFO instead of
/// `/dev/null`, for ``VanishingALSADevice``.
///
/// The PCMs are defined once per test process in a private configuration, added to ALSA's own through
/// `ALSA_CONFIG_PATH` (`/usr/share/alsa/alsa.conf:<ours>`), which is set once, before the first device is handed
/// out, and inherited by `spokend` processes the tests start. `default`, `null` and the cards stay as they were, so
/// tests that use ALSA otherwise are not disturbed. The null plugin is not paced by a clock: such a device delivers
/// its samples as fast as they are read, and after the infile's end it delivers unspecified samples.
public enum ALSATestDevices {
    /// How many devices one process can hand out.
    public static let slots = 64
    /// The description every test device advertises (what `spokend devices` lists under its name).
    public static let description = "spokend test capture"

    private static let next = Atomic<Int>(0)

    /// The directory with the configuration and the infiles; made, and the environment set, on first use.
    public static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-alsa-\(UUID())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pcms = (0..<slots).map { slot in
            """
            pcm.spokend_test_\(slot) {
                type file
                slave.pcm "null"
                file "/dev/null"
                infile "\(directory.path)/\(slot).raw"
                format "raw"
                hint { show on description "\(description) \(slot)" }
            }
            pcm.spokend_vanishing_\(slot) {
                type file
                slave.pcm "null"
                file "\(directory.path)/\(slot).fifo"
                truncate true
                infile "\(directory.path)/\(slot).raw"
                format "raw"
            }
            """
        }
        let config = directory.appendingPathComponent("asound.conf")
        try! pcms.joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
        setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:\(config.path)", 1)
        return directory
    }()

    /// A device not handed out before: its name, and the infile it captures from (which does not exist yet, so
    /// opening the device fails until `write(_:to:)` makes it).
    public static func reserve() -> (name: String, infile: URL) {
        let slot = next.add(1, ordering: .relaxed).newValue - 1
        precondition(slot < slots, "more ALSA test devices than ALSATestDevices.slots")
        return ("spokend_test_\(slot)", directory.appendingPathComponent("\(slot).raw"))
    }

    /// A device that captures `samples` (in [-1, 1), stored as S16_LE by rounding `sample × 32768`, as WAV files are).
    public static func device(playing samples: [Float]) throws -> String {
        let (name, infile) = reserve()
        try write(samples, to: infile)
        return name
    }

    /// Writes `samples` as raw S16_LE to `infile`.
    public static func write(_ samples: [Float], to infile: URL) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(2 * samples.count)
        for sample in samples {
            let value = UInt16(bitPattern: Int16(max(-32768, min(32767, (sample * 32768).rounded()))))
            bytes.append(UInt8(value & 0xff))
            bytes.append(UInt8(value >> 8))
        }
        try Data(bytes).write(to: infile, options: .atomic)
    }
}
