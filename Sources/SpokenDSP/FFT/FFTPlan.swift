import CFFTW
import Synchronization

/// A single-precision real-to-complex FFTW plan for one transform size, made once and shared by every user of that
/// size.
///
/// Every FFTW call in spokend lives in this file. FFTW's planner keeps global state and is not thread-safe, so plan
/// creation (`fftwf_plan_dft_r2c_1d`) and destruction (`fftwf_destroy_plan`) happen under one lock here, never in
/// callers. Executing a plan on caller-owned arrays (`fftwf_execute_dft_r2c`, FFTW's "new-array execute") is
/// thread-safe, so `execute` takes no lock and many STFTs on many threads can share one plan.
///
/// Plans are made with `FFTW_ESTIMATE`: FFTW picks the algorithm from heuristics instead of timing candidates, so a
/// size always gets the same algorithm and the same input always gives the same bits — on every run and machine
/// with the same FFTW build. The planning arrays are 64-byte aligned and so must be the arrays given to `execute`
/// (FFTW requires new arrays to have the planning arrays' SIMD alignment); `FFTPlan.allocate` gives such memory.
public final class FFTPlan: @unchecked Sendable {  // immutable after init; new-array execute is thread-safe
    /// The transform length (real samples in).
    public let size: Int
    /// Complex bins out: `size / 2 + 1`.
    public let binCount: Int
    private let plan: OpaquePointer

    /// The byte alignment of every array given to `execute`.
    public static let alignment = 64

    /// The process-wide plan cache, and the lock that serialises the FFTW planner.
    private static let planner = Mutex<[Int: FFTPlan]>([:])

    /// The shared plan for `size` real samples, made on first use.
    ///
    /// Sizes are even (the r2c output layout assumes it) and at most 65536.
    public static func shared(size: Int) throws(DSPError) -> FFTPlan {
        guard size >= 2, size <= 65536, size % 2 == 0 else {
            throw DSPError(.invalidConfiguration, "FFT size must be even and in 2…65536, got \(size)")
        }
        return planner.withLock { plans in
            if let plan = plans[size] { return plan }
            let plan = FFTPlan(lockedSize: size)
            plans[size] = plan
            return plan
        }
    }

    /// Plans a transform; only called with the planner lock held.
    ///
    /// Calls `fftwf_plan_dft_r2c_1d(size, in, out, FFTW_ESTIMATE)` on scratch arrays that are freed right away: a
    /// plan keeps no reference to them when it is only run through `fftwf_execute_dft_r2c`.
    private init(lockedSize size: Int) {
        self.size = size
        self.binCount = size / 2 + 1
        let input = FFTPlan.allocate(size)
        let output = FFTPlan.allocate(2 * binCount)
        defer {
            input.deallocate()
            output.deallocate()
        }
        let made = output.withMemoryRebound(to: fftwf_complex.self, capacity: binCount) { complex in
            fftwf_plan_dft_r2c_1d(Int32(size), input, complex, FFTW_ESTIMATE)
        }
        guard let made else { fatalError("fftwf_plan_dft_r2c_1d failed for size \(size)") }
        self.plan = made
    }

    /// Transforms `size` real samples at `input` into `binCount` complex bins at `output`, stored interleaved
    /// (re₀, im₀, re₁, im₁, …), unnormalised as numpy's `rfft`.
    ///
    /// Calls `fftwf_execute_dft_r2c`. Both arrays must be `FFTPlan.alignment`-aligned (see `allocate`); the input
    /// is not modified.
    public func execute(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        precondition(
            Int(bitPattern: input) % FFTPlan.alignment == 0 && Int(bitPattern: output) % FFTPlan.alignment == 0,
            "FFTPlan.execute needs FFTPlan.alignment-aligned arrays")
        output.withMemoryRebound(to: fftwf_complex.self, capacity: binCount) { complex in
            fftwf_execute_dft_r2c(plan, input, complex)
        }
    }

    /// Allocates `count` floats aligned for `execute`; release them with `deallocate()`.
    public static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: alignment)
        return raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 1))
    }

    /// Calls `fftwf_destroy_plan` under the planner lock. Cached plans live as long as the process, so in practice
    /// this runs only if the cache is ever dropped.
    deinit {
        let plan = self.plan
        FFTPlan.planner.withLock { _ in fftwf_destroy_plan(plan) }
    }
}
