import NIOCore

/// One connected client: greets it with `hello`, answers its commands, and drains its subscription to the socket
/// only while the socket is writable, so a client that does not read fills its own bounded queue and nothing else.
final class ClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let bus: EventBus
    private let hello: @Sendable () -> Event
    private let status: @Sendable () -> Status
    private var subscription: Subscription?
    private var context: ChannelHandlerContext?
    private let eventLoop: any EventLoop

    init(
        bus: EventBus, eventLoop: any EventLoop, hello: @escaping @Sendable () -> Event,
        status: @escaping @Sendable () -> Status
    ) {
        self.bus = bus
        self.eventLoop = eventLoop
        self.hello = hello
        self.status = status
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let subscription = bus.subscribe { loop.execute { bound.value.drain() } }
        self.subscription = subscription
        subscription.enqueue(hello().jsonLine(), reply: true)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let subscription { bus.unsubscribe(subscription) }
        subscription = nil
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        guard let subscription else { return }
        do {
            switch try ClientCommand.parse(line.readableBytesView) {
            case .status:
                var current = status()
                current.clients = bus.clientCount
                current.droppedEvents = subscription.droppedEvents
                current.droppedEventsTotal = bus.droppedEventsTotal
                subscription.enqueue(Event.status(current).jsonLine(), reply: true)
            case .subscribe(let voiceActivity):
                subscription.wantsVoiceActivity = voiceActivity
            }
        } catch {
            subscription.enqueue(
                Event.error(ErrorMessage(reason: .badCommand, message: error.detail)).jsonLine(), reply: true)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { drain() }
        context.fireChannelWritabilityChanged()
    }

    /// The daemon is stopping: writes everything queued for this client, whether or not it is reading, then closes
    /// the connection once that is sent — or after `grace`, for a client that does not read.
    func finish(grace: TimeAmount) -> EventLoopFuture<Void> {
        guard let context, let subscription else { return eventLoop.makeSucceededVoidFuture() }
        while let line = subscription.next() {
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: line)), promise: nil)
        }
        let sent = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: sent)
        let timeout = context.eventLoop.scheduleTask(in: grace) { sent.succeed() }
        let channel = context.channel
        return sent.futureResult.flatMap {
            timeout.cancel()
            return channel.close()
        }.recover { _ in }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // An oversized line, a reset peer: this client is done; the others are not affected.
        context.close(promise: nil)
    }

    /// Writes queued lines while the socket takes them.
    private func drain() {
        guard let context, let subscription else { return }
        var wrote = false
        while context.channel.isWritable, let line = subscription.next() {
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: line)), promise: nil)
            wrote = true
        }
        if wrote { context.flush() }
    }
}
