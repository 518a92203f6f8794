import Foundation

/// A microcontroller that a model must fit and run on: clock, memories, what the application keeps for itself,
/// energy per cycle, and how the firmware builds the kernels.
///
/// Data, not code: a profile is Codable JSON, so a user can describe their own chip in a file
/// (`spokend inspect model.tflite --profile mychip.json`). Only `name`, `clockHz`, `ramBytes` and `flashBytes` are
/// required there; everything else defaults to a bare Cortex-M4 (nothing reserved, CMSIS-NN at `-O2`, the nRF52840's
/// run current, the Cortex-M4 cycle coefficients and TFLM code sizes).
public struct DeviceProfile: Codable, Equatable, Sendable {
    public var name: String
    /// The CPU core, for people reading the profile ("cortex-m4f").
    public var core: String
    public var clockHz: Int
    public var ramBytes: Int
    public var flashBytes: Int
    /// RAM the application needs beside the model (stacks, audio buffers, radio stack); the arena gets the rest.
    public var ramReserved: [MemoryReservation]
    /// Flash the application needs beside the model and the interpreter (radio stack, bootloader, its own code).
    public var flashReserved: [MemoryReservation]
    /// Supply current per MHz while the CPU runs from flash, in µA/MHz.
    public var runCurrentMicroampsPerMHz: Double
    /// Supply voltage the run current was specified at.
    public var supplyVolts: Double
    public var flavor: KernelFlavor
    public var optimization: OptimizationLevel
    public var cycles: CycleCoefficients
    public var codeSize: CodeSizeTable

    public init(
        name: String, core: String = "cortex-m4f", clockHz: Int, ramBytes: Int, flashBytes: Int,
        ramReserved: [MemoryReservation] = [], flashReserved: [MemoryReservation] = [],
        runCurrentMicroampsPerMHz: Double = 52, supplyVolts: Double = 3.0, flavor: KernelFlavor = .cmsisNN,
        optimization: OptimizationLevel = .speed, cycles: CycleCoefficients = .cortexM4,
        codeSize: CodeSizeTable = .tflmCortexM4
    ) {
        self.name = name
        self.core = core
        self.clockHz = clockHz
        self.ramBytes = ramBytes
        self.flashBytes = flashBytes
        self.ramReserved = ramReserved
        self.flashReserved = flashReserved
        self.runCurrentMicroampsPerMHz = runCurrentMicroampsPerMHz
        self.supplyVolts = supplyVolts
        self.flavor = flavor
        self.optimization = optimization
        self.cycles = cycles
        self.codeSize = codeSize
    }

    /// RAM left for the tensor arena.
    public var arenaBytes: Int { ramBytes - ramReserved.reduce(0) { $0 + $1.bytes } }
    /// Flash left for the model and the interpreter's code.
    public var availableFlashBytes: Int { flashBytes - flashReserved.reduce(0) { $0 + $1.bytes } }

    /// Energy of one CPU cycle in joules: (µA/MHz × 10⁻⁶ A/µA) × V ÷ (10⁶ cycles/s per MHz).
    ///
    /// The current per MHz times the clock is the current; times the voltage the power; divided by the clock the
    /// energy per cycle, so the clock cancels: 52 µA/MHz × 3.0 V = 156 µW/MHz = 156 pJ = 0.156 nJ per cycle.
    public var energyPerCycleJoules: Double { runCurrentMicroampsPerMHz * 1e-6 * supplyVolts / 1e6 }

    /// Seconds that `cycles` take at the profile's clock.
    public func seconds(cycles: Int) -> Double { Double(cycles) / Double(clockHz) }

    /// Cycles the CPU has in `seconds` (e.g. one audio frame period: the allowance a `BudgetedInvocation` gets); 0
    /// for a period that is not a positive number, at most `Self.largestCycleCount`.
    public func cycles(in seconds: Double) -> Int {
        let cycles = (seconds * Double(clockHz)).rounded(.down)
        return cycles > 0 ? Int(min(cycles, Double(Self.largestCycleCount))) : 0
    }

    /// A bound on any cycle count spokend reports: 2⁴⁰ cycles (almost five hours at 64 MHz) is beyond any model a
    /// microcontroller runs, and sums of such counts over a model's ops stay far from `Int.max`.
    public static let largestCycleCount = 1 << 40

    /// Joules that `cycles` take.
    public func joules(cycles: Int) -> Double { Double(cycles) * energyPerCycleJoules }

    /// The same chip at another clock (the run current per MHz, hence the energy per cycle, stays).
    public func withClock(hz: Int) -> DeviceProfile {
        var copy = self
        copy.clockHz = hz
        return copy
    }

    /// The same chip at `megahertz` (a user's `--clock-mhz`), refused unless within `clockRange` once in hertz.
    public func withClock(megahertz: Double) throws(ModelError) -> DeviceProfile {
        let hz = (megahertz * 1e6).rounded()
        guard hz >= Double(Self.clockRange.lowerBound), hz <= Double(Self.clockRange.upperBound) else {
            throw ModelError(
                .badProfile,
                "clock \(megahertz) MHz is outside \(Double(Self.clockRange.lowerBound) / 1e6)–"
                    + "\(Double(Self.clockRange.upperBound) / 1e6) MHz")
        }
        return withClock(hz: Int(hz))
    }

    // MARK: - Ranges

    /// Clocks a profile may have: 1 kHz to 10 GHz.
    public static let clockRange = 1_000...10_000_000_000
    /// Sizes a memory or a reservation may have: up to 1 TiB, so sums of them cannot overflow.
    public static let byteRange = 0...(1 << 40)
    /// Run current in µA/MHz: positive, at most 100 mA/MHz.
    public static let runCurrentRange = 1e-6...1e5
    /// Supply voltage: positive, at most 100 V.
    public static let supplyVoltsRange = 1e-3...100.0

    /// Checks every field against its range so that no figure derived from the profile (arena, flash, cycles,
    /// latency, energy) can overflow or be infinite; the error names the first bad field and its value.
    public func validate(source: String = "profile") throws(ModelError) {
        func bad(_ field: String, _ value: Any, _ rule: String) -> ModelError {
            ModelError(.badProfile, "\(source): \(field) must be \(rule), got \(value)")
        }
        guard Self.clockRange.contains(clockHz) else {
            throw bad("clockHz", clockHz, "\(Self.clockRange.lowerBound)…\(Self.clockRange.upperBound)")
        }
        let bytes = "\(Self.byteRange.lowerBound)…\(Self.byteRange.upperBound)"
        guard ramBytes > 0, Self.byteRange.contains(ramBytes) else { throw bad("ramBytes", ramBytes, "1…" + bytes) }
        guard flashBytes > 0, Self.byteRange.contains(flashBytes) else {
            throw bad("flashBytes", flashBytes, "1…" + bytes)
        }
        for (key, reservations) in [("ramReserved", ramReserved), ("flashReserved", flashReserved)] {
            for (index, reservation) in reservations.enumerated() where !Self.byteRange.contains(reservation.bytes) {
                throw bad("\(key)[\(index)].bytes", reservation.bytes, bytes)
            }
            guard reservations.count <= 1 << 16 else { throw bad(key, reservations.count, "at most 65536 entries") }
        }
        guard Self.runCurrentRange.contains(runCurrentMicroampsPerMHz) else {
            throw bad("runCurrentMicroampsPerMHz", runCurrentMicroampsPerMHz, "\(Self.runCurrentRange)")
        }
        guard Self.supplyVoltsRange.contains(supplyVolts) else {
            throw bad("supplyVolts", supplyVolts, "\(Self.supplyVoltsRange)")
        }
        if let (field, value, rule) = cycles.firstOutOfRange() { throw bad("cycles.\(field)", value, rule) }
        if let (field, value) = codeSize.firstOutOfRange() { throw bad("codeSize.\(field)", value, bytes) }
        guard arenaBytes >= 0, availableFlashBytes >= 0 else {
            throw ModelError(.badProfile, "\(source): more RAM or flash reserved than the chip has")
        }
    }

    // MARK: - Built-in profiles

    /// The nRF52840 (Nordic): Cortex-M4F at 64 MHz, 256 KiB RAM, 1 MiB flash, built as the nRF Connect SDK builds
    /// by default (Zephyr's `CONFIG_SIZE_OPTIMIZATIONS`, so `-Os`) with TFLM's CMSIS-NN kernels.
    ///
    /// Run current: nRF52840 Product Specification v1.7, §5.2.1.1 (CPU running CoreMark from flash, cache enabled,
    /// DC/DC, 3.0 V): 3.3 mA at 64 MHz = 51.6 µA/MHz, so 52 µA/MHz → 0.156 nJ per cycle.
    ///
    /// Reserved flash: the MBR + SoftDevice S140 v7.x occupy 0x00000–0x26FFF (156 KiB; S140 v7 release notes: "the
    /// application start address is 0x27000"); the secure bootloader with its settings and MBR-parameter pages the
    /// top 32 KiB (0xF8000–0xFFFFF, nRF5 SDK 17 DFU layout); the application's own code (audio capture, front end,
    /// BLE services, RTOS, libc) about 96 KiB; two pages of settings storage. That leaves 732 KiB for the model and
    /// the interpreter.
    ///
    /// Reserved RAM: S140 needs 5.6 KiB at least and about 16 KiB with one peripheral link, a 247-byte ATT MTU and
    /// a default GATT table (its RAM grows with links and MTU; `sd_ble_enable` reports the exact figure); 8 KiB of
    /// stacks; audio: two 10 ms PDM DMA buffers (2 × 160 samples × 2 B) plus a 0.5 s int16 pre-roll ring for the VAD
    /// (16 000 B); the front end's 512-point float FFT buffers, twiddles, mel weights and the 49 × 40 feature window
    /// (9 KiB); 16 KiB for heap, RTOS objects, BLE service buffers and logging. The arena gets the other 190.75 KiB.
    public static let nrf52840 = DeviceProfile(
        name: "nrf52840", core: "cortex-m4f", clockHz: 64_000_000, ramBytes: 262_144, flashBytes: 1_048_576,
        ramReserved: [
            MemoryReservation("SoftDevice S140 v7 RAM, one peripheral link, 247-byte ATT MTU", bytes: 16_384),
            MemoryReservation("main and interrupt stacks", bytes: 8_192),
            MemoryReservation("audio: PDM DMA 2 x 10 ms and 0.5 s int16 pre-roll ring at 16 kHz", bytes: 16_640),
            MemoryReservation("front end: 512-point FFT buffers, mel weights, 49 x 40 feature window", bytes: 9_216),
            MemoryReservation("heap, RTOS objects, BLE service buffers, logging", bytes: 16_384),
        ],
        flashReserved: [
            MemoryReservation("MBR + SoftDevice S140 v7 (application starts at 0x27000)", bytes: 159_744),
            MemoryReservation(
                "secure bootloader, bootloader settings, MBR parameters (0xF8000-0xFFFFF)", bytes: 32_768),
            MemoryReservation("application code: audio, front end, BLE services, RTOS, libc", bytes: 98_304),
            MemoryReservation("settings storage (2 pages)", bytes: 8_192),
        ],
        runCurrentMicroampsPerMHz: 52, supplyVolts: 3.0, flavor: .cmsisNN, optimization: .size)

    /// A bare Cortex-M4F at `clockHz` with 256 KiB RAM and 1 MiB flash, nothing reserved, CMSIS-NN at `-O2`: the
    /// conditions of published benchmarks (MLPerf Tiny ran on a 120 MHz STM32L4R5).
    public static func cortexM4(clockHz: Int = 64_000_000) -> DeviceProfile {
        DeviceProfile(name: "cortex-m4", clockHz: clockHz, ramBytes: 262_144, flashBytes: 1_048_576)
    }

    /// The names `named(_:)` knows.
    public static let builtInNames = ["nrf52840", "cortex-m4"]

    /// A built-in profile by name, or a profile read from a JSON file when `nameOrPath` is not a built-in name.
    public static func named(_ nameOrPath: String) throws(ModelError) -> DeviceProfile {
        switch nameOrPath {
        case "nrf52840": return .nrf52840
        case "cortex-m4": return .cortexM4()
        default: return try load(path: nameOrPath)
        }
    }

    /// Reads a profile from a JSON file.
    public static func load(path: String) throws(ModelError) -> DeviceProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(
                .badProfile,
                "no device profile '\(path)': not a built-in (\(builtInNames.joined(separator: ", "))) nor a file")
        }
        return try decode(data, source: path)
    }

    /// Decodes a profile from JSON, checking every field's range (`validate`).
    public static func decode(_ data: Data, source: String = "profile") throws(ModelError) -> DeviceProfile {
        let profile: DeviceProfile
        do {
            profile = try JSONDecoder().decode(DeviceProfile.self, from: data)
        } catch let error as DecodingError {
            throw ModelError(.badProfile, "\(source): \(Self.describe(error))")
        } catch {
            throw ModelError(.badProfile, "\(source): \(error)")
        }
        try profile.validate(source: source)
        return profile
    }

    /// The profile as pretty-printed JSON with sorted keys; throws for a number JSON cannot hold (infinite, NaN),
    /// which only a profile that fails `validate` has.
    public func json() throws(ModelError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return try encoder.encode(self)
        } catch {
            throw ModelError(.badProfile, "profile \(name) cannot be written as JSON: \(error)")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case name, core, clockHz, ramBytes, flashBytes, ramReserved, flashReserved, runCurrentMicroampsPerMHz
        case supplyVolts, flavor, optimization, cycles, codeSize
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            core: try container.decodeIfPresent(String.self, forKey: .core) ?? "cortex-m4f",
            clockHz: try container.decode(Int.self, forKey: .clockHz),
            ramBytes: try container.decode(Int.self, forKey: .ramBytes),
            flashBytes: try container.decode(Int.self, forKey: .flashBytes),
            ramReserved: try container.decodeIfPresent([MemoryReservation].self, forKey: .ramReserved) ?? [],
            flashReserved: try container.decodeIfPresent([MemoryReservation].self, forKey: .flashReserved) ?? [],
            runCurrentMicroampsPerMHz: try container.decodeIfPresent(Double.self, forKey: .runCurrentMicroampsPerMHz)
                ?? 52,
            supplyVolts: try container.decodeIfPresent(Double.self, forKey: .supplyVolts) ?? 3.0,
            flavor: try container.decodeIfPresent(KernelFlavor.self, forKey: .flavor) ?? .cmsisNN,
            optimization: try container.decodeIfPresent(OptimizationLevel.self, forKey: .optimization) ?? .speed,
            cycles: try container.decodeIfPresent(CycleCoefficients.self, forKey: .cycles) ?? .cortexM4,
            codeSize: try container.decodeIfPresent(CodeSizeTable.self, forKey: .codeSize) ?? .tflmCortexM4)
    }

    /// A decoding error as one line: which key, what was wrong.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
