/// The sliding windows of a convolution or pooling over a batch of NHWC images, the one walk that im2col and col2im,
/// the depthwise convolution and max pooling share: per output pixel, the taps that fall inside the input (taps in
/// the padding add nothing, and max pooling skips them as TFLite does), in tap order.
///
/// A window is separable: its pairs are every row entry with every column entry, worked out once per axis, so the
/// loops that use a walk test no bounds. Pixels are counted over the whole batch (image `n`'s pixel
/// `y·width + x` is `(n·height + y)·width + x`); multiply by the channel count for a float offset.
struct WindowWalk {
    let height: Int
    let width: Int
    let rows: WindowAxis
    let columns: WindowAxis
    /// Per output row (column): the input rows (as pixel offsets) and kernel rows (as tap offsets) of its window.
    private let windowRows: AxisEntries
    private let windowColumns: AxisEntries

    init(height: Int, width: Int, rows: WindowAxis, columns: WindowAxis) {
        self.height = height
        self.width = width
        self.rows = rows
        self.columns = columns
        func window(_ axis: WindowAxis, size: Int, pixel: Int, tap: Int) -> AxisEntries {
            AxisEntries(
                (0..<axis.output).map { output in
                    (0..<axis.kernel).compactMap { kernel in
                        let input = axis.source(output, kernel)
                        return (0..<size).contains(input) ? Entry(pixel: input * pixel, tap: kernel * tap) : nil
                    }
                })
        }
        windowRows = window(rows, size: height, pixel: width, tap: columns.kernel)
        windowColumns = window(columns, size: width, pixel: 1, tap: 1)
    }

    /// Calls `body(outputPixel, taps)` for every output pixel of `batch` images, in order; `taps` pairs input pixels
    /// with taps (`ky·kernelWidth + kx`).
    @inline(__always)
    func forEachWindow(batch: Int, _ body: (Int, Taps) -> Void) {
        let image = height * width
        windowRows.entries.withUnsafeBufferPointer { rowTable in
            windowColumns.entries.withUnsafeBufferPointer { columnTable in
                var pixel = 0
                for n in 0..<batch {
                    for oy in 0..<rows.output {
                        let rowEntries = UnsafeBufferPointer(
                            rebasing: rowTable[windowRows.starts[oy]..<windowRows.starts[oy + 1]])
                        for ox in 0..<columns.output {
                            let columnEntries = UnsafeBufferPointer(
                                rebasing: columnTable[windowColumns.starts[ox]..<windowColumns.starts[ox + 1]])
                            body(pixel, Taps(base: n &* image, rows: rowEntries, columns: columnEntries))
                            pixel &+= 1
                        }
                    }
                }
            }
        }
    }

    /// One output pixel's pairs: input pixel `base + row.pixel + column.pixel` with tap `row.tap + column.tap`, for
    /// every row entry and every column entry, rows outer: the taps in order.
    struct Taps {
        let base: Int
        let rows: UnsafeBufferPointer<Entry>
        let columns: UnsafeBufferPointer<Entry>
    }

    struct Entry {
        let pixel: Int
        let tap: Int
    }

    /// Per position along an axis, its entries: `entries[starts[i]..<starts[i + 1]]`.
    private struct AxisEntries {
        let entries: [Entry]
        let starts: [Int]

        init(_ lists: [[Entry]]) {
            entries = lists.flatMap { $0 }
            starts = lists.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        }
    }
}
