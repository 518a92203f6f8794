/// Int8 dot products with int32 accumulation, the inner loop of CONV_2D and FULLY_CONNECTED.
///
/// Written as plain loops over unsafe pointers with wrapping arithmetic so LLVM vectorizes them into widening
/// multiply-adds (`pmaddwd` on x86, `smlal`/`sdot` on ARM); sums of int8 products wrap exactly like TFLM's int32
/// accumulator.
enum DotProduct {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> Int32 {
        var sum: Int32 = 0
        for i in 0..<count {
            sum &+= Int32(a[i]) &* Int32(b[i])
        }
        return sum
    }

    @inline(__always)
    static func dot4(
        _ x: UnsafePointer<Int8>, _ w0: UnsafePointer<Int8>, _ w1: UnsafePointer<Int8>, _ w2: UnsafePointer<Int8>,
        _ w3: UnsafePointer<Int8>, count: Int
    ) -> (Int32, Int32, Int32, Int32) {
        var s0: Int32 = 0
        var s1: Int32 = 0
        var s2: Int32 = 0
        var s3: Int32 = 0
        for i in 0..<count {
            let v = Int32(x[i])
            s0 &+= v &* Int32(w0[i])
            s1 &+= v &* Int32(w1[i])
            s2 &+= v &* Int32(w2[i])
            s3 &+= v &* Int32(w3[i])
        }
        return (s0, s1, s2, s3)
    }
}
