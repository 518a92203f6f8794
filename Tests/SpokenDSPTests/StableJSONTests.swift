import Foundation
import SpokenDSP
import Testing

@Suite("StableJSON")
struct StableJSONTests {
    private struct Record: Encodable {
        var zeta = 1
        var alpha = Double.nan
        var middle = [Double.infinity, -Double.infinity, 0.5]
        var path = "a/b"
    }

    @Test("keys come out sorted and non-finite numbers as strings, so the record encodes instead of trapping")
    func sortedAndNonFinite() {
        let text = String(decoding: StableJSON.encode(Record()), as: UTF8.self)
        #expect(text == #"{"alpha":"nan","middle":["inf","-inf",0.5],"path":"a\/b","zeta":1}"#)
    }

    @Test("extra formatting is added to the sorted keys, not instead of them")
    func formatting() {
        let text = String(decoding: StableJSON.encode(Record(), formatting: .withoutEscapingSlashes), as: UTF8.self)
        #expect(text == #"{"alpha":"nan","middle":["inf","-inf",0.5],"path":"a/b","zeta":1}"#)
    }
}
