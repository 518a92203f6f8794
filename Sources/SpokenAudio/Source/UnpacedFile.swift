/// A WAV file that an ``AudioSource`` streams as fast as its reader takes it: the decoded samples and how far the
/// reader got.
///
/// Such a file needs no producer thread and no ring: `AudioSource.read` copies the next samples straight from here
/// on the reader's own thread. File mode thus runs on one thread with no hand-off between two, which matters on a
/// busy machine, where every wake-up of the other thread waits for the scheduler.
struct UnpacedFile {
    let samples: [Float]
    /// Samples read so far.
    var offset = 0
}
