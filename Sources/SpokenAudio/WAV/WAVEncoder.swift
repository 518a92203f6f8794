/// Writes a ``WAVFile`` as a RIFF/WAVE byte image.
///
/// The header is the canonical one: `RIFF`, a 16-byte `fmt ` chunk for PCM (`WAVE_FORMAT_PCM`), or an 18-byte one
/// plus a `fact` chunk for float (`WAVE_FORMAT_IEEE_FLOAT`, as the format requires for non-PCM data), then `data`.
enum WAVEncoder {
    static func encode(_ file: WAVFile, as format: WAVSampleFormat) throws(AudioError) -> [UInt8] {
        guard file.channelCount <= Int(UInt16.max), file.sampleRate <= Int(UInt32.max) else {
            throw AudioError(
                .unsupportedFormat,
                "\(file.channelCount) channels at \(file.sampleRate) Hz do not fit in a WAV header")
        }
        if let bad = file.samples.firstIndex(where: { !$0.isFinite }) {
            throw AudioError(.malformed, "sample \(bad) is \(file.samples[bad]); only finite samples can be written")
        }
        let blockAlign = file.channelCount * format.bytesPerSample
        guard blockAlign <= Int(UInt16.max) else {
            throw AudioError(.unsupportedFormat, "a frame of \(blockAlign) bytes does not fit in a WAV header")
        }
        // Reading ignores the byte rate, so a file read at an absurd rate can still have one that does not fit.
        let byteRate = file.sampleRate * blockAlign
        guard byteRate <= Int(UInt32.max) else {
            throw AudioError(
                .unsupportedFormat, "\(file.sampleRate) Hz × \(blockAlign) bytes per frame does not fit in a WAV header"
            )
        }
        let isFloat = format.formatTag == 3
        let fmtSize = isFloat ? 18 : 16
        let factChunkSize = isFloat ? 12 : 0
        let dataSize = file.samples.count * format.bytesPerSample
        let riffSize = 4 + (8 + fmtSize) + factChunkSize + 8 + dataSize + (dataSize & 1)
        guard riffSize <= Int(UInt32.max) else {
            throw AudioError(.unsupportedFormat, "\(dataSize) bytes of audio are more than a WAV file can hold")
        }

        var out: [UInt8] = []
        out.reserveCapacity(8 + riffSize)
        out.append(contentsOf: Array("RIFF".utf8))
        out.appendLittleEndian(UInt32(riffSize))
        out.append(contentsOf: Array("WAVEfmt ".utf8))
        out.appendLittleEndian(UInt32(fmtSize))
        out.appendLittleEndian(format.formatTag)
        out.appendLittleEndian(UInt16(file.channelCount))
        out.appendLittleEndian(UInt32(file.sampleRate))
        out.appendLittleEndian(UInt32(byteRate))
        out.appendLittleEndian(UInt16(blockAlign))
        out.appendLittleEndian(UInt16(8 * format.bytesPerSample))
        if isFloat {
            out.appendLittleEndian(UInt16(0))  // cbSize: no extension
            out.append(contentsOf: Array("fact".utf8))
            out.appendLittleEndian(UInt32(4))
            out.appendLittleEndian(UInt32(truncatingIfNeeded: file.frameCount))
        }
        out.append(contentsOf: Array("data".utf8))
        out.appendLittleEndian(UInt32(dataSize))
        appendSamples(file.samples, as: format, to: &out)
        if dataSize & 1 == 1 { out.append(0) }
        return out
    }

    private static func appendSamples(_ samples: [Float], as format: WAVSampleFormat, to out: inout [UInt8]) {
        switch format {
        case .pcm8:
            for sample in samples { out.append(UInt8(quantize(sample, bits: 8) + 128)) }
        case .pcm16:
            for sample in samples { out.appendLittleEndian(UInt16(bitPattern: Int16(quantize(sample, bits: 16)))) }
        case .pcm24:
            for sample in samples {
                let value = UInt32(bitPattern: Int32(quantize(sample, bits: 24)))
                out.append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)])
            }
        case .pcm32:
            for sample in samples { out.appendLittleEndian(UInt32(bitPattern: Int32(quantize(sample, bits: 32)))) }
        case .float32:
            for sample in samples { out.appendLittleEndian(sample.bitPattern) }
        case .float64:
            for sample in samples { out.appendLittleEndian(Double(sample).bitPattern) }
        }
    }

    /// `sample × 2^(bits-1)` rounded to nearest and clipped to the signed range of `bits` bits.
    private static func quantize(_ sample: Float, bits: Int) -> Int64 {
        let scale = Double(Int64(1) << (bits - 1))
        let value = (Double(sample) * scale).rounded()
        return Int64(min(max(value, -scale), scale - 1))
    }
}

extension [UInt8] {
    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
