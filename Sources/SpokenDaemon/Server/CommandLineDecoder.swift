import NIOCore

/// Splits a client's bytes into command lines and refuses a line longer than `maximumLength`.
///
/// NIO's own line decoder has no limit, and a client that never sends a newline would make the daemon buffer without
/// end; this one throws `OversizedLine`, on which the connection is closed.
struct CommandLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// A line (or the bytes of one still without its newline) longer than the limit.
    struct OversizedLine: Error {}

    let maximumLength: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maximumLength { throw OversizedLine() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard length <= maximumLength else { throw OversizedLine() }
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        // A last command without its newline still counts.
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, let line = buffer.readSlice(length: buffer.readableBytes) {
            context.fireChannelRead(wrapInboundOut(line))
        }
        return .needMoreData
    }
}
