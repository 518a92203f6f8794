import Foundation

/// Comma-separated values as RFC 4180 has them: a field with a comma, quote or line break is quoted, and a quote
/// inside it doubled.
///
/// The manifest is read by spreadsheets and by pandas, so it must survive any speaker name or path.
enum CSV {
    /// One field, quoted when it needs to be.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record, ended by `\n`.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// Splits `text` into records of fields. Accepts `\n` and `\r\n` line ends; a final line end is optional.
    static func parse(_ text: String) throws(CorpusError) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var characters = text.makeIterator()
        var pending: Character? = nil

        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return characters.next()
        }

        while let character = next() {
            if inQuotes {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw CorpusError(.invalidFormat, "line \(line): a quote inside an unquoted field")
                }
                inQuotes = true
                fieldWasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
                fieldWasQuoted = false
                line += 1
            default:
                guard !fieldWasQuoted else {
                    throw CorpusError(.invalidFormat, "line \(line): text after a closing quote")
                }
                field.append(character)
            }
        }
        guard !inQuotes else { throw CorpusError(.invalidFormat, "line \(line): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            fields.append(field)
            records.append(fields)
        }
        return records
    }
}
