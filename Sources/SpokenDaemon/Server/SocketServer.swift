import Foundation
import NIOCore
import NIOPosix

/// The Unix stream socket clients connect to: one `ClientHandler` per connection, all fed by one `EventBus`.
///
/// Listens on a path it binds itself (`--socket`, mode 0660 so the `spokend` group may connect) or on a socket
/// systemd bound and handed over (`spokend.socket`, see `Notifier.listenSockets`). Accepted sockets get a small
/// send buffer and low NIO write watermarks, so a client that stops reading is noticed (not writable) after a few
/// KiB and the rest waits in its bounded queue, where it is counted when dropped.
public final class SocketServer: Sendable {
    /// Where to listen.
    public enum Endpoint: Sendable, Equatable {
        /// Bind a socket file at this path (an old one is replaced) with mode 0660.
        case path(String)
        /// A listening socket inherited from systemd.
        case inherited(CInt)
    }

    /// Longest command line a client may send; a longer one closes its connection.
    public static let maximumCommandLength = 4096

    private let channel: any Channel
    private let clients: ClientRegistry
    /// The socket file, when this server bound one.
    public let path: String?

    private init(channel: any Channel, clients: ClientRegistry, path: String?) {
        self.channel = channel
        self.clients = clients
        self.path = path
    }

    /// Starts listening; clients get `hello()` first and `status()` (the pipeline's counters) on request.
    public static func start(
        _ endpoint: Endpoint, bus: EventBus, hello: @escaping @Sendable () -> Event,
        status: @escaping @Sendable () -> Status, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(DaemonError) -> SocketServer {
        let clients = ClientRegistry()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.so_sndbuf), value: 16384)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 4096, high: 16384))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(CommandLineDecoder(maximumLength: maximumCommandLength)))
                    let handler = ClientHandler(bus: bus, eventLoop: channel.eventLoop, hello: hello, status: status)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    clients.add(channel, handler: handler)
                }
            }
        switch endpoint {
        case .path(let path):
            do {
                let channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true)
                    .get()
                guard chmod(path, 0o660) == 0 else {
                    try? await channel.close()
                    throw DaemonError(.socket, "cannot set mode 0660 on \(path): \(String(cString: strerror(errno)))")
                }
                return SocketServer(channel: channel, clients: clients, path: path)
            } catch let error as DaemonError {
                throw error
            } catch {
                throw DaemonError(.socket, "cannot listen on \(path): \(reason(error))")
            }
        case .inherited(let descriptor):
            do {
                let channel = try await bootstrap.withBoundSocket(descriptor).get()
                return SocketServer(channel: channel, clients: clients, path: nil)
            } catch {
                throw DaemonError(
                    .socket, "cannot listen on the socket systemd passed (fd \(descriptor)): \(reason(error))")
            }
        }
    }

    /// What went wrong in words a user acts on, not NIO's type names: the system's message for a failed call, the
    /// usual cause for the path errors NIO checks itself.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as IOError: String(cString: strerror(error.errnoCode))
        case is UnixDomainSocketPathWrongType: "something that is not a socket is already there"
        case SocketAddressError.unixDomainSocketPathTooLong: "the path is longer than a Unix socket address can hold"
        default: "\(error)"
        }
    }

    /// Stops accepting, sends every client what is queued for it (waiting up to `grace` for clients that do not
    /// read), closes them, and removes the socket file it bound.
    public func close(grace: Duration = .seconds(1)) async {
        try? await channel.close()
        let (seconds, attoseconds) = grace.components
        await clients.finishAll(grace: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
        if let path { unlink(path) }
    }
}
