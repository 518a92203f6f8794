/// The header dictionary of a `.npy` file: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 40), }`.
///
/// NumPy writes a Python dict literal and reads it back with `ast.literal_eval`; spokend accepts exactly what NumPy
/// writes — the three keys, once each, in any order, with a string, a boolean and a tuple of non-negative integers —
/// and nothing else, so a header can neither smuggle in other syntax nor make the parser work out of proportion to
/// its length (each step consumes at least one byte).
struct NPYHeader: Equatable {
    /// The most dimensions accepted, NumPy's own limit (`NPY_MAXDIMS`).
    static let maxDimensions = 64

    let descr: String
    let fortranOrder: Bool
    let shape: [Int]

    init(descr: String, fortranOrder: Bool, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// Parses the header text (the bytes after the length field).
    init(parsing text: UnsafeRawBufferPointer) throws(ModelError) {
        var cursor = Cursor(bytes: text)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        try cursor.expect("{")
        while !cursor.consume("}") {
            let key = try cursor.string()
            try cursor.expect(":")
            switch key {
            case "descr" where descr == nil:
                if cursor.peek("[") { throw ModelError(.unsupportedType, "structured dtypes are not supported") }
                descr = try cursor.string()
            case "fortran_order" where fortranOrder == nil:
                fortranOrder = try cursor.boolean()
            case "shape" where shape == nil:
                shape = try cursor.tuple()
            case "descr", "fortran_order", "shape":
                throw ModelError(.malformed, "header has the key '\(key)' twice")
            default:
                throw ModelError(.malformed, "header has an unknown key '\(key)'")
            }
            if !cursor.consume(",") {
                try cursor.expect("}")
                break
            }
        }
        guard cursor.atEnd else { throw ModelError(.malformed, "header has text after its closing '}'") }
        guard let descr, let fortranOrder, let shape else {
            let missing = [("descr", descr == nil), ("fortran_order", fortranOrder == nil), ("shape", shape == nil)]
                .filter(\.1).map { "'\($0.0)'" }
            throw ModelError(.malformed, "header lacks \(missing.joined(separator: ", "))")
        }
        self.init(descr: descr, fortranOrder: fortranOrder, shape: shape)
    }

    /// The dict as NumPy writes it (`numpy.lib.format.header_data_from_array_1_0`), without padding.
    var text: String {
        let dimensions = shape.map(String.init)
        let tuple = dimensions.count == 1 ? "(\(dimensions[0]),)" : "(\(dimensions.joined(separator: ", ")))"
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(tuple), }"
    }

    /// A reader over the header bytes that skips the white space Python allows between tokens.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return position == bytes.count
            }
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func peek(_ character: Character) -> Bool {
            skipSpace()
            return position < bytes.count && bytes[position] == character.asciiValue!
        }

        mutating func consume(_ character: Character) -> Bool {
            guard peek(character) else { return false }
            position += 1
            return true
        }

        mutating func expect(_ character: Character) throws(ModelError) {
            guard consume(character) else {
                let found = position < bytes.count ? "'\(Character(Unicode.Scalar(bytes[position])))'" : "the end"
                throw ModelError(.malformed, "header: expected '\(character)' at byte \(position), found \(found)")
            }
        }

        /// A quoted string without escapes ('…' or "…"), as NumPy writes dtype strings and keys.
        mutating func string() throws(ModelError) -> String {
            skipSpace()
            guard position < bytes.count, bytes[position] == 0x27 || bytes[position] == 0x22 else {
                throw ModelError(.malformed, "header: expected a quoted string at byte \(position)")
            }
            let quote = bytes[position]
            let start = position + 1
            var end = start
            while end < bytes.count, bytes[end] != quote {
                guard bytes[end] != 0x5C, bytes[end] != 0x0A else {
                    throw ModelError(.malformed, "header: unsupported character in a string at byte \(end)")
                }
                end += 1
            }
            guard end < bytes.count else { throw ModelError(.malformed, "header: unterminated string") }
            position = end + 1
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }

        mutating func boolean() throws(ModelError) -> Bool {
            skipSpace()
            for (word, value) in [("True", true), ("False", false)] where matches(word) {
                position += word.utf8.count
                return value
            }
            throw ModelError(.malformed, "header: expected True or False at byte \(position)")
        }

        private func matches(_ word: String) -> Bool {
            let utf8 = Array(word.utf8)
            return bytes.count - position >= utf8.count && bytes[position..<position + utf8.count].elementsEqual(utf8)
        }

        /// A tuple of non-negative integers: `()`, `(3,)`, `(3, 4)` or `(3, 4,)`. `(3)` is an integer in Python,
        /// not a tuple, so it is refused.
        mutating func tuple() throws(ModelError) -> [Int] {
            try expect("(")
            var values: [Int] = []
            var trailingComma = false
            while !consume(")") {
                guard values.count < NPYHeader.maxDimensions else {
                    throw ModelError(.invalidShape, "shape has more than \(NPYHeader.maxDimensions) dimensions")
                }
                values.append(try integer())
                trailingComma = consume(",")
                if !trailingComma {
                    try expect(")")
                    break
                }
            }
            guard values.count != 1 || trailingComma else {
                throw ModelError(
                    .malformed, "header: shape (\(values[0])) is not a tuple; NumPy writes (\(values[0]),)")
            }
            return values
        }

        private mutating func integer() throws(ModelError) -> Int {
            skipSpace()
            let start = position
            var value = 0
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[position] - 0x30))
                guard !overflow1, !overflow2 else { throw ModelError(.invalidShape, "shape has an absurd dimension") }
                value = sum
                position += 1
            }
            guard position > start else {
                throw ModelError(.malformed, "header: expected a non-negative integer at byte \(start)")
            }
            return value
        }
    }
}
