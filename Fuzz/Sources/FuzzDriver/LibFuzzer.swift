#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libFuzzer's entry point for programs that have their own `main`.
///
/// Swift executables always have a `main`, so the usual `LLVMFuzzerTestOneInput` symbol alone never runs; instead
/// the fuzz target's `main()` hands its arguments and a C callback to `LLVMFuzzerRunDriver`, which parses libFuzzer's
/// flags (`-max_total_time=60`, corpus directories) and calls the callback once per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with this process's arguments and `body` as the target, then exits with libFuzzer's status.
///
/// `body` gets each input as a buffer; it must return normally for every input. A crash, a sanitizer report, a leak
/// or a timeout inside it is what libFuzzer reports and saves as `crash-…`/`timeout-…`.
public enum LibFuzzer {
    public static func run(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = llvmFuzzerRunDriver(&argc, &argv, body)
        exit(status)
    }
}
