/// Reads a RIFF/WAVE byte image into a ``WAVFile``.
///
/// The bytes are hostile until proven otherwise: every size in the file is checked against the bytes actually
/// present before it is used, so a truncated header, a chunk that claims more than the file holds or a `data` chunk
/// beyond the end of the file is an ``AudioError``, never a read out of bounds. The only allocation is the sample array,
/// whose length is at most the number of bytes in the `data` chunk. The chunk walk advances at least 8 bytes per
/// step, so it ends.
enum WAVDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(AudioError) -> WAVFile {
        guard bytes.count >= 12 else {
            throw AudioError(.truncated, "file is \(bytes.count) bytes; a WAV header needs 12")
        }
        switch bytes.fourCC(at: 0) {
        case "RIFF": break
        case "RIFX": throw AudioError(.unsupportedFormat, "big-endian RIFX files are not supported")
        case "RF64": throw AudioError(.unsupportedFormat, "RF64 (64-bit WAV) files are not supported")
        case let magic: throw AudioError(.malformed, "not a WAV file: starts with '\(magic)', not 'RIFF'")
        }
        guard bytes.fourCC(at: 8) == "WAVE" else {
            throw AudioError(.malformed, "RIFF form type is '\(bytes.fourCC(at: 8))', not 'WAVE'")
        }
        // The RIFF size counts everything after its own field. Bytes after the RIFF chunk (an appended tag) are
        // ignored; a RIFF chunk longer than the file means the file was cut off (one missing pad byte is allowed).
        let riffEnd = 8 + Int(bytes.littleEndianUInt32(at: 4))
        guard riffEnd <= bytes.count + 1 else {
            throw AudioError(.truncated, "RIFF header declares \(riffEnd) bytes, but the file has only \(bytes.count)")
        }
        let end = min(riffEnd, bytes.count)

        var formatChunk: WAVFormatChunk?
        var dataRange: Range<Int>?
        var position = 12
        while position < end {
            guard end - position >= 8 else {
                throw AudioError(
                    .truncated, "chunk header at byte \(position) is cut off after \(end - position) bytes")
            }
            let id = bytes.fourCC(at: position)
            let size = Int(bytes.littleEndianUInt32(at: position + 4))
            let body = position + 8
            guard size <= end - body else {
                throw AudioError(
                    .truncated,
                    "'\(id)' chunk at byte \(position) declares \(size) bytes, but only \(end - body) remain")
            }
            switch id {
            case "fmt ":
                guard formatChunk == nil else {
                    throw AudioError(.malformed, "second 'fmt ' chunk at byte \(position)")
                }
                formatChunk = try WAVFormatChunk(body: UnsafeRawBufferPointer(rebasing: bytes[body..<body + size]))
            case "data":
                guard dataRange == nil else { throw AudioError(.malformed, "second 'data' chunk at byte \(position)") }
                // RIFF allows any order, but every writer puts fmt first and libsndfile refuses otherwise; so do we.
                guard formatChunk != nil else {
                    throw AudioError(.malformed, "'data' chunk at byte \(position) comes before the 'fmt ' chunk")
                }
                dataRange = body..<body + size
            default:
                break  // LIST, fact, cue, bext, …: not needed to play the samples.
            }
            // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte that its size does not count.
            position = body + size + (size & 1)
        }
        guard let formatChunk else { throw AudioError(.malformed, "no 'fmt ' chunk") }
        guard let dataRange else { throw AudioError(.malformed, "no 'data' chunk") }

        let data = UnsafeRawBufferPointer(rebasing: bytes[dataRange])
        // A trailing partial frame (a writer that cut the last frame short) is dropped, as libsndfile does.
        let frameCount = data.count / formatChunk.blockAlign
        let samples = try decodeSamples(data, count: frameCount * formatChunk.channelCount, as: formatChunk.format)
        return WAVFile(
            sampleRate: formatChunk.sampleRate, channelCount: formatChunk.channelCount, samples: samples,
            format: formatChunk.format)
    }

    /// Converts `count` interleaved samples to `Float` in [-1, 1): integers are divided by 2^(bits-1) (8-bit PCM is
    /// unsigned with its zero at 128), as libsndfile does. Float samples must be finite.
    private static func decodeSamples(_ data: UnsafeRawBufferPointer, count: Int, as format: WAVSampleFormat)
        throws(AudioError) -> [Float]
    {
        var samples = [Float](repeating: 0, count: count)
        switch format {
        case .pcm8:
            for i in 0..<count { samples[i] = (Float(data[i]) - 128) / 128 }
        case .pcm16:
            for i in 0..<count {
                samples[i] = Float(Int16(bitPattern: data.littleEndianUInt16(at: 2 * i))) / 32768
            }
        case .pcm24:
            for i in 0..<count {
                let raw = Int32(data[3 * i]) | Int32(data[3 * i + 1]) << 8 | Int32(data[3 * i + 2]) << 16
                samples[i] = Float((raw << 8) >> 8) / 8_388_608  // sign-extend from bit 23
            }
        case .pcm32:
            for i in 0..<count {
                samples[i] = Float(Double(Int32(bitPattern: data.littleEndianUInt32(at: 4 * i))) / 2_147_483_648)
            }
        case .float32:
            for i in 0..<count { samples[i] = Float(bitPattern: data.littleEndianUInt32(at: 4 * i)) }
        case .float64:
            for i in 0..<count {
                let bits = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                samples[i] = Float(Double(bitPattern: bits))
            }
        }
        if format == .float32 || format == .float64, let bad = samples.firstIndex(where: { !$0.isFinite }) {
            throw AudioError(.malformed, "sample \(bad) is \(samples[bad]); float samples must be finite")
        }
        return samples
    }
}
