extension UnsafeRawBufferPointer {
    /// The little-endian `UInt16` at `offset`; the caller has checked that two bytes are there.
    func littleEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The little-endian `UInt32` at `offset`; the caller has checked that four bytes are there.
    func littleEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The four bytes at `offset` as text (a RIFF chunk id), with anything unprintable shown as `?`.
    func fourCC(at offset: Int) -> String {
        String(
            decoding: self[offset..<offset + 4].map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") },
            as: UTF8.self)
    }
}
