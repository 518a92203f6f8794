import NIOCore
import Synchronization

/// The connected clients, so a stopping server can send each what is queued for it before closing it.
final class ClientRegistry: Sendable {
    private let clients = Mutex<[ObjectIdentifier: NIOLoopBound<ClientHandler>]>([:])

    /// Adds a client on its event loop; it is removed when its channel closes.
    func add(_ channel: any Channel, handler: ClientHandler) {
        let key = ObjectIdentifier(channel)
        clients.withLock { $0[key] = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
        channel.closeFuture.whenComplete { [self] _ in
            _ = clients.withLock { $0.removeValue(forKey: key) }
        }
    }

    /// Finishes every client (see `ClientHandler.finish`) and waits until all are closed.
    func finishAll(grace: TimeAmount) async {
        let finishing = clients.withLock { Array($0.values) }.map { client in
            client.eventLoop.flatSubmit { client.value.finish(grace: grace) }
        }
        guard let first = finishing.first else { return }
        try? await EventLoopFuture.andAllComplete(finishing, on: first.eventLoop).get()
    }
}
