import Foundation

/// A NumPy `.npy` array: shape, element type, and its elements in C (row-major) order.
///
/// The one place spokend reads and writes `.npy` — `spokend features` writes log-mel features with it and
/// `spokend invoke` reads model inputs with it. Format versions 1.0, 2.0 and 3.0 are read (they differ only in the
/// width of the header length and the header's text encoding); files are written as 1.0, or 2.0 when the header
/// needs it, as NumPy does. Only little-endian int8/int16/int32/float32 in C order are accepted; anything else is a
/// ``ModelError`` that says what the file holds. Sizes are checked against the bytes present before anything is
/// allocated: a header that claims more elements than the file holds is `.truncated`, never a giant allocation.
///
/// ```swift
/// let features = NPYFile(shape: [frames, 40], values: logMel)
/// try features.write(to: "speech.npy")
/// let back: [Float] = try NPYFile(contentsOf: "speech.npy").values()
/// ```
public struct NPYFile: Sendable, Equatable {
    /// The array's dimensions; `[]` for a scalar.
    public let shape: [Int]
    public let elementType: NPYElementType
    /// The elements' little-endian bytes in C order, `shape.product × elementType.size` of them.
    public let elementBytes: [UInt8]

    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Elements in the array: the product of the shape (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// An array of `values` with `shape`; `values.count` must equal the product of `shape`.
    public init<Element: NPYElement>(shape: [Int], values: [Element]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "dimensions are non-negative")
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * Element.npyType.size)
        for value in values { value.append(to: &bytes) }
        self.shape = shape
        self.elementType = Element.npyType
        self.elementBytes = bytes
    }

    /// The elements as `Element`; the array must hold that type.
    public func values<Element: NPYElement>(as type: Element.Type = Element.self) throws(ModelError) -> [Element] {
        guard Element.npyType == elementType else {
            throw ModelError(.inputMismatch, "array holds \(elementType.rawValue), not \(Element.npyType.rawValue)")
        }
        return elementBytes.withUnsafeBytes { raw in
            (0..<count).map { Element.load(from: raw, at: $0 * elementType.size) }
        }
    }

    // MARK: Reading

    /// Parses a complete `.npy` image.
    public init(bytes: UnsafeRawBufferPointer) throws(ModelError) {
        let headerRange = try Self.headerRange(bytes)
        let header = try NPYHeader(parsing: UnsafeRawBufferPointer(rebasing: bytes[headerRange]))
        let (type, shape, byteCount) = try Self.validate(header)
        let present = bytes.count - headerRange.upperBound
        guard present >= byteCount else {
            throw ModelError(
                .truncated, "shape \(shape) of \(type.rawValue) needs \(byteCount) bytes of data, file has \(present)")
        }
        guard present == byteCount else {
            throw ModelError(.malformed, "\(present - byteCount) bytes after the data of shape \(shape)")
        }
        self.shape = shape
        self.elementType = type
        self.elementBytes = Array(bytes[headerRange.upperBound...])
    }

    /// Parses a complete `.npy` image.
    public init(bytes: [UInt8]) throws(ModelError) {
        self = try Self.withRawBytes(bytes) { raw throws(ModelError) in try NPYFile(bytes: raw) }
    }

    /// Reads the `.npy` file at `path`; errors name the file.
    ///
    /// Reads the preamble, then the header, then no more than one byte beyond the data the header declares, so a
    /// device or a huge file cannot make it read without end.
    public init(contentsOf path: String) throws(ModelError) {
        do throws(ModelError) {
            let handle: FileHandle
            do {
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            } catch {
                throw ModelError(.io, "cannot open: \(error.localizedDescription)")
            }
            defer { try? handle.close() }
            var bytes = try Self.read(handle, upTo: 12, after: [])
            let headerRange = try Self.withRawBytes(bytes) { raw throws(ModelError) in
                try Self.headerRange(raw, complete: false)
            }
            bytes = try Self.read(handle, upTo: headerRange.upperBound, after: bytes)
            let byteCount = try Self.withRawBytes(bytes) { raw throws(ModelError) in
                let complete = try Self.headerRange(raw)  // throws if the file ended inside the header
                return try Self.validate(NPYHeader(parsing: UnsafeRawBufferPointer(rebasing: raw[complete]))).byteCount
            }
            let (limit, overflow) = (headerRange.upperBound + 1).addingReportingOverflow(byteCount)
            bytes = try Self.read(handle, upTo: overflow ? Int.max : limit, after: bytes)
            self = try NPYFile(bytes: bytes)
        } catch {
            throw ModelError(error.code, "\(path): \(error.detail)")
        }
    }

    /// `body` over the bytes of `bytes`, keeping its typed error (`withUnsafeBytes` rethrows untyped errors, so the
    /// error crosses it inside a `Result`).
    private static func withRawBytes<T>(
        _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(ModelError) -> T
    ) throws(ModelError) -> T {
        try bytes.withUnsafeBytes { raw in Result { () throws(ModelError) in try body(raw) } }.get()
    }

    /// The header's position: after the magic, the version and the header length (2 bytes in 1.0, 4 in 2.0/3.0).
    /// With `complete: false` only the preamble must be present (for reading a file in steps).
    private static func headerRange(_ bytes: UnsafeRawBufferPointer, complete: Bool = true) throws(ModelError)
        -> Range<Int>
    {
        guard bytes.count >= 10 else {
            throw ModelError(.truncated, "file is \(bytes.count) bytes; a .npy preamble needs 10")
        }
        guard bytes[0..<6].elementsEqual(magic) else {
            throw ModelError(.malformed, "not a .npy file (no \\x93NUMPY magic)")
        }
        let (major, minor) = (bytes[6], bytes[7])
        let start: Int
        let length: Int
        switch (major, minor) {
        case (1, 0):
            start = 10
            length = Int(bytes[8]) | Int(bytes[9]) << 8
        case (2, 0), (3, 0):
            guard bytes.count >= 12 else {
                throw ModelError(.truncated, "file is \(bytes.count) bytes; a .npy \(major).0 preamble needs 12")
            }
            start = 12
            length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        default:
            throw ModelError(
                .unsupportedFeature, ".npy format version \(major).\(minor) is not supported (1.0, 2.0, 3.0 are)")
        }
        guard !complete || length <= bytes.count - start else {
            throw ModelError(.truncated, "header declares \(length) bytes, but only \(bytes.count - start) follow")
        }
        return start..<start + length
    }

    /// The element type, shape and data size a header describes, if spokend supports it.
    private static func validate(_ header: NPYHeader) throws(ModelError) -> (NPYElementType, [Int], byteCount: Int) {
        let type = try NPYElementType(descr: header.descr)
        guard !header.fortranOrder else {
            throw ModelError(
                .unsupportedFeature, "Fortran-order arrays are not supported; save np.ascontiguousarray(x) instead")
        }
        var byteCount = type.size
        for dimension in header.shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw ModelError(.invalidShape, "shape \(header.shape) is too large") }
            byteCount = product
        }
        return (type, header.shape, byteCount)
    }

    /// `bytes` extended from `handle` to `limit` bytes, or to the end of the file; 64 KiB at a time so that memory
    /// grows only with what is there.
    private static func read(_ handle: FileHandle, upTo limit: Int, after bytes: [UInt8]) throws(ModelError) -> [UInt8]
    {
        var result = bytes
        while result.count < limit {
            let piece: Data?
            do {
                piece = try handle.read(upToCount: min(65_536, limit - result.count))
            } catch {
                throw ModelError(.io, "cannot read: \(error.localizedDescription)")
            }
            guard let piece, !piece.isEmpty else { break }
            result += piece
        }
        return result
    }

    // MARK: Writing

    /// The complete file image: format 1.0 (2.0 if the header is longer than 65535 bytes), header padded with spaces
    /// and a newline so the data starts at a multiple of 64 bytes, as `numpy.lib.format` writes it.
    public func encoded() -> [UInt8] {
        let text = Array(NPYHeader(descr: elementType.descr, fortranOrder: false, shape: shape).text.utf8)
        // The header and its closing newline are padded so that the data starts at a multiple of 64 bytes.
        func paddedLength(preamble: Int) -> Int { (preamble + text.count + 1 + 63) / 64 * 64 - preamble }
        let version1 = paddedLength(preamble: 10) <= 65_535
        let length = paddedLength(preamble: version1 ? 10 : 12)
        var out = Self.magic + [version1 ? 1 : 2, 0]
        out +=
            version1
            ? [UInt8(length & 0xFF), UInt8(length >> 8)]
            : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        out += text
        out += [UInt8](repeating: 0x20, count: length - text.count - 1) + [0x0A]
        out += elementBytes
        return out
    }

    /// Writes the file atomically: a temporary file in the same directory, renamed to `path` once complete.
    public func write(to path: String) throws(ModelError) {
        do {
            try Data(encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelError(.io, "\(path): cannot write: \(error.localizedDescription)")
        }
    }
}
