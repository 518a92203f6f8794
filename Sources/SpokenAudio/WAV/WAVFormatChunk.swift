/// The validated contents of a WAV file's `fmt ` chunk: what one frame of the `data` chunk holds.
///
/// Parsing is strict, because every later size computation trusts it: the channel count and rate are non-zero,
/// the encoding is one spokend reads, and `nBlockAlign` equals channels × bytes per sample (so a lying block align
/// cannot make the decoder read past a frame).
struct WAVFormatChunk: Equatable {
    let format: WAVSampleFormat
    let channelCount: Int
    let sampleRate: Int
    /// Bytes of one frame (all channels of one sample instant), `nBlockAlign`.
    let blockAlign: Int

    /// The GUID tail (bytes 2…15) that every `KSDATAFORMAT_SUBTYPE_*` of a WAVE format tag shares:
    /// `{0000xxxx-0000-0010-8000-00AA00389B71}`.
    private static let subformatGUIDTail: [UInt8] = [
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]

    /// Parses the body of a `fmt ` chunk (`WAVEFORMATEX`, or `WAVEFORMATEXTENSIBLE` when the tag is `0xFFFE`).
    init(body: UnsafeRawBufferPointer) throws(AudioError) {
        guard body.count >= 16 else {
            throw AudioError(.malformed, "fmt chunk is \(body.count) bytes; it needs at least 16")
        }
        var formatTag = body.littleEndianUInt16(at: 0)
        let channels = body.littleEndianUInt16(at: 2)
        let rate = body.littleEndianUInt32(at: 4)
        let blockAlign = body.littleEndianUInt16(at: 12)
        let bitsPerSample = body.littleEndianUInt16(at: 14)
        var validBits = bitsPerSample

        if formatTag == 0xFFFE {
            guard body.count >= 40 else {
                throw AudioError(
                    .malformed, "WAVE_FORMAT_EXTENSIBLE fmt chunk is \(body.count) bytes; it needs at least 40")
            }
            let extraSize = body.littleEndianUInt16(at: 16)
            guard extraSize >= 22 else {
                throw AudioError(.malformed, "WAVE_FORMAT_EXTENSIBLE fmt chunk has cbSize \(extraSize); it needs 22")
            }
            let declaredValidBits = body.littleEndianUInt16(at: 18)
            if declaredValidBits != 0 { validBits = declaredValidBits }
            guard Array(body[26..<40]) == Self.subformatGUIDTail else {
                throw AudioError(.unsupportedFormat, "WAVE_FORMAT_EXTENSIBLE sub-format is not a WAVE format GUID")
            }
            formatTag = body.littleEndianUInt16(at: 24)
        }

        guard channels > 0 else { throw AudioError(.malformed, "fmt chunk declares 0 channels") }
        guard rate > 0 else { throw AudioError(.malformed, "fmt chunk declares a sample rate of 0 Hz") }
        guard let format = WAVSampleFormat(formatTag: formatTag, bitsPerSample: bitsPerSample) else {
            throw AudioError(
                .unsupportedFormat,
                "unsupported encoding \(WAVSampleFormat.name(ofFormatTag: formatTag)) with \(bitsPerSample) bits "
                    + "per sample; spokend reads 8/16/24/32-bit PCM and 32/64-bit IEEE float")
        }
        guard validBits <= bitsPerSample else {
            throw AudioError(
                .malformed, "\(validBits) valid bits per sample do not fit in \(bitsPerSample)-bit samples")
        }
        let expectedBlockAlign = Int(channels) * format.bytesPerSample
        guard Int(blockAlign) == expectedBlockAlign else {
            throw AudioError(
                .malformed,
                "block align is \(blockAlign) bytes, but \(channels) channels of \(format.rawValue) need "
                    + "\(expectedBlockAlign)")
        }
        self.format = format
        self.channelCount = Int(channels)
        self.sampleRate = Int(rate)
        self.blockAlign = expectedBlockAlign
    }
}
