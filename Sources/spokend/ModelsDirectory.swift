import Foundation

/// Where `classify` looks for `language.tflite` and `number.tflite` when `--models` is not given: `Models/` in the
/// current directory, else `Models/` of the repository the `spokend` binary was built in (the first folder above
/// the binary that holds `Package.swift`).
enum ModelsDirectory {
    static func resolve(_ given: String?) -> String {
        if let given { return given }
        let local = FileManager.default.currentDirectoryPath + "/Models"
        if FileManager.default.fileExists(atPath: local) { return local }
        var directory = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .resolvingSymlinksInPath()
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.appendingPathComponent("Models").path
            }
        }
        return local
    }
}
