/// Two operand shapes broadcast against each other, NumPy style, as TFLM's `NdArrayDescsForElementwiseBroadcast`
/// over 6 dimensions: shapes are right-aligned and padded with leading 1s, and along a dimension where one operand
/// has extent 1 its stride is 0.
public struct BroadcastShape: Equatable, Sendable {
    public static let maxRank = 6

    /// The output shape (the operands' broadcast), with the caller's rank.
    public var outputShape: [Int]
    /// Extents and element strides over exactly `maxRank` dimensions.
    var extents: [Int]
    var strides1: [Int]
    var strides2: [Int]
    /// Whether both operands have the same shape, so evaluation is a flat loop.
    public var isElementwise: Bool

    public init(_ shape1: [Int], _ shape2: [Int]) throws(ModelError) {
        let rank = max(shape1.count, shape2.count)
        guard rank <= Self.maxRank else {
            throw ModelError(.malformed, "broadcast of rank \(rank) shapes; at most \(Self.maxRank) dimensions")
        }
        let extended1 = Array(repeating: 1, count: Self.maxRank - shape1.count) + shape1
        let extended2 = Array(repeating: 1, count: Self.maxRank - shape2.count) + shape2
        var extents = [Int](repeating: 1, count: Self.maxRank)
        var strides1 = [Int](repeating: 0, count: Self.maxRank)
        var strides2 = [Int](repeating: 0, count: Self.maxRank)
        var stride1 = 1
        var stride2 = 1
        for d in (0..<Self.maxRank).reversed() {
            let a = extended1[d]
            let b = extended2[d]
            guard a == b || a == 1 || b == 1 else {
                throw ModelError(.malformed, "shapes \(shape1) and \(shape2) do not broadcast")
            }
            extents[d] = max(a, b)
            strides1[d] = a == 1 && b != 1 ? 0 : stride1
            strides2[d] = b == 1 && a != 1 ? 0 : stride2
            stride1 *= a
            stride2 *= b
        }
        self.extents = extents
        self.strides1 = strides1
        self.strides2 = strides2
        self.outputShape = Array(extents.suffix(rank))
        self.isElementwise = shape1 == shape2
    }

    public var outputCount: Int { extents.reduce(1, *) }

    /// Calls `body(offset1, offset2, outputOffset, count, step1, step2)` for each run along the innermost dimension,
    /// in output order.
    @inline(__always)
    func forEachRow(_ body: (Int, Int, Int, Int, Int, Int) -> Void) {
        if isElementwise {
            body(0, 0, 0, outputCount, 1, 1)
            return
        }
        let e = extents
        let s1 = strides1
        let s2 = strides2
        var out = 0
        for i0 in 0..<e[0] {
            for i1 in 0..<e[1] {
                for i2 in 0..<e[2] {
                    for i3 in 0..<e[3] {
                        for i4 in 0..<e[4] {
                            let o1 = i0 * s1[0] + i1 * s1[1] + i2 * s1[2] + i3 * s1[3] + i4 * s1[4]
                            let o2 = i0 * s2[0] + i1 * s2[1] + i2 * s2[2] + i3 * s2[3] + i4 * s2[4]
                            body(o1, o2, out, e[5], s1[5], s2[5])
                            out += e[5]
                        }
                    }
                }
            }
        }
    }

    /// Whether the runs of `forEachRow` are long enough for the `ElementwiseFunction` form of `apply` to evaluate
    /// them 16 elements at a time: the whole output when the shapes are equal, else the innermost extent.
    var hasLaneRuns: Bool {
        (isElementwise ? outputCount : extents[Self.maxRank - 1]) >= FixedPoint.Lanes.scalarCount
    }

    /// Bytes of scratch that let `apply` tabulate a small operand (0 when it would not), for operands of `count1`
    /// and `count2` elements. Runs long enough for lanes are cheaper computed than looked up, and are not tabulated.
    public func tableBytes(count1: Int, count2: Int) -> Int {
        let small = min(count1, count2)
        return !hasLaneRuns && small * 256 * 2 <= outputCount ? small * 256 : 0
    }

    /// `output[i] = f(input1[..], input2[..])` over the broadcast, in output order.
    ///
    /// When one operand is small next to the output (a per-channel constant of few channels, as the MUL and ADD of an
    /// unfolded batch normalization), `f` of each of its elements with each of the 256 int8 values of the other
    /// operand takes fewer evaluations than the output has elements: then, given `scratch` of `tableBytes` bytes, those
    /// are tabulated first and every output is a table lookup. The result is the same function either way; nothing is
    /// allocated.
    @inline(__always)
    func apply(
        _ input1: UnsafeBufferPointer<Int8>, _ input2: UnsafeBufferPointer<Int8>,
        into output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawBufferPointer?, _ f: (Int8, Int8) -> Int8
    ) {
        let a = input1.baseAddress!
        let b = input2.baseAddress!
        let small = min(input1.count, input2.count)
        let bytes = tableBytes(count1: input1.count, count2: input2.count)
        guard bytes > 0, let scratch, scratch.count >= bytes else {
            forEachRow { o1, o2, o, count, step1, step2 in
                for i in 0..<count { output[o &+ i] = f(a[o1 &+ i &* step1], b[o2 &+ i &* step2]) }
            }
            return
        }
        let secondIsSmall = input2.count <= input1.count
        let t = scratch.baseAddress!.bindMemory(to: Int8.self, capacity: bytes)
        for j in 0..<small {
            for v in 0..<256 {
                let x = Int8(truncatingIfNeeded: v)
                t[j * 256 + v] = secondIsSmall ? f(x, b[j]) : f(a[j], x)
            }
        }
        forEachRow { o1, o2, o, count, step1, step2 in
            if secondIsSmall {
                for i in 0..<count {
                    output[o &+ i] = t[(o2 &+ i &* step2) &* 256 &+ Int(UInt8(bitPattern: a[o1 &+ i &* step1]))]
                }
            } else {
                for i in 0..<count {
                    output[o &+ i] = t[(o1 &+ i &* step1) &* 256 &+ Int(UInt8(bitPattern: b[o2 &+ i &* step2]))]
                }
            }
        }
    }

    /// `output[i] = f(input1[..], input2[..])` over the broadcast, in output order, 16 elements of a run at a time
    /// through `f`'s lane form, the last `count % 16` elements of every run one at a time.
    ///
    /// The loop goes over each run's 16-element chunks outside and the runs inside, so that an operand whose every
    /// run is the same (a per-channel or scalar constant, as the unfolded batch norms broadcast) is loaded and
    /// prepared once per chunk rather than once per run. `f` is generic rather than a closure so that its lane form
    /// is specialized and inlined into the loop.
    @inline(__always)
    func apply<F: ElementwiseFunction>(
        _ input1: UnsafeBufferPointer<Int8>, _ input2: UnsafeBufferPointer<Int8>,
        into output: UnsafeMutablePointer<Int8>, _ f: F
    ) {
        typealias Lanes = FixedPoint.Lanes
        let a = input1.baseAddress!
        let b = input2.baseAddress!
        let run = isElementwise ? outputCount : extents[Self.maxRank - 1]
        let repeats1 = repeatsOneRun(strides1)
        let repeats2 = repeatsOneRun(strides2)
        var c = 0
        while c &+ Lanes.scalarCount <= run {
            // A repeated operand's runs all start at offset 0 and share their step.
            let first = repeats1 ? f.prepareFirst(Self.load(a, at: c, step: strides1[Self.maxRank - 1])) : Lanes()
            let second = repeats2 ? f.prepareSecond(Self.load(b, at: c, step: strides2[Self.maxRank - 1])) : Lanes()
            forEachRow { o1, o2, o, _, step1, step2 in
                let x = repeats1 ? first : f.prepareFirst(Self.load(a + o1, at: c, step: step1))
                let y = repeats2 ? second : f.prepareSecond(Self.load(b + o2, at: c, step: step2))
                ByteLanes.store(f.combine(x, y), into: output + (o &+ c))
            }
            c &+= Lanes.scalarCount
        }
        if c < run {
            forEachRow { o1, o2, o, count, step1, step2 in
                for i in c..<count { output[o &+ i] = f(a[o1 &+ i &* step1], b[o2 &+ i &* step2]) }
            }
        }
    }

    /// Whether every run `forEachRow` gives reads the same elements of an operand with these strides: the operand is
    /// broadcast along every outer dimension of the output.
    private func repeatsOneRun(_ strides: [Int]) -> Bool {
        (0..<Self.maxRank - 1).allSatisfy { extents[$0] == 1 || strides[$0] == 0 }
    }

    /// Elements `i..<i + 16` of a run from `p` with step 1, or its one element 16 times with step 0 (the innermost
    /// strides `forEachRow` gives).
    @inline(__always)
    private static func load(_ p: UnsafePointer<Int8>, at i: Int, step: Int) -> FixedPoint.Lanes {
        step == 0 ? FixedPoint.Lanes(repeating: Int32(p.pointee)) : ByteLanes.load(p + i)
    }
}
