/// Eight channels of one NHWC pixel as one vector (an AVX register), for the loops that run over channels with a sum
/// kept in registers across a window's taps (depthwise convolution).
///
/// A pixel's last block may hold fewer channels; its other lanes read and write nothing. The arithmetic is the
/// scalar loop's, lane by lane (a product, then a sum: no fused multiply-add), so results do not depend on the width.
enum ChannelBlock {
    static let width = 8

    @inline(__always)
    static func load(_ values: UnsafePointer<Float>, lanes: Int) -> SIMD8<Float> {
        if lanes == width { return UnsafeRawPointer(values).loadUnaligned(as: SIMD8<Float>.self) }
        var block = SIMD8<Float>()
        for lane in 0..<lanes { block[lane] = values[lane] }
        return block
    }

    @inline(__always)
    static func store(_ block: SIMD8<Float>, to values: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes == width {
            UnsafeMutableRawPointer(values).storeBytes(of: block, as: SIMD8<Float>.self)
            return
        }
        for lane in 0..<lanes { values[lane] = block[lane] }
    }
}
