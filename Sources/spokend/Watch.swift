import ArgumentParser
import Foundation
import SpokenDaemon

/// `spokend watch`: a client of the daemon's socket that prints its events.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what a running spokend hears, from its Unix socket.",
        discussion: """
            Connects to the socket of `spokend serve` (the systemd service, or one started by hand) and prints one \
            line per event: the utterances with their language, number, confidences and latency on the chip; with \
            --vad also speech/silence transitions. --json prints the protocol's JSON lines as they arrive.

            Examples:
              spokend watch
              spokend watch --socket /tmp/spokend.sock --count 3
              spokend watch --json | jq -c 'select(.type == "utterance") | [.language.label, .number.value]'
              echo '{"cmd":"status"}' | socat - UNIX-CONNECT:/run/spokend/spokend.sock
            """)

    @Option(help: "The daemon's socket.")
    var socket = "/run/spokend/spokend.sock"

    @Flag(help: "Print the protocol's JSON lines instead of readable ones.")
    var json = false

    @Flag(help: "Also print the voice activity detector's speech/silence transitions.")
    var vad = false

    @Option(help: "Exit after this many utterances.")
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() throws {
        let client = try EventClient(path: socket)
        if vad { try client.send(#"{"cmd":"subscribe","vad":true}"#) }
        var utterances = 0
        while let line = try client.nextLine() {
            let event = try Event.decode(line: line)
            // Unbuffered, so a pipe (`| jq`) sees each event as it happens.
            let text = json ? String(decoding: line, as: UTF8.self) : EventFormatter.line(event)
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
            if case .utterance = event {
                utterances += 1
                if let count, utterances >= count { return }
            }
        }
        throw DaemonError(.socket, "spokend closed the connection")
    }
}
