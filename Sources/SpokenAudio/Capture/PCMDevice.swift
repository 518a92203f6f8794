import CALSA
import Foundation

/// An open ALSA PCM capture handle, configured for spokend's front end as closely as the device allows.
///
/// Wraps `snd_pcm_t`. Every `snd_pcm_*` and `snd_device_name_*` call in spokend lives in this file.
///
/// Configuration, in order of preference: interleaved read access; the format S16_LE, else S32_LE, else FLOAT_LE;
/// one channel, else the fewest the device offers (mixed down to mono by ``CaptureConverter``); 16 kHz, else the
/// nearest rate it offers (resampled by ``CaptureConverter``); periods of about 10 ms and a buffer of twice the most
/// periods one wake-up waits for (at least 8 periods; never fewer than 4), so a capture thread that wakes late
/// still has half the buffer of slack before an overrun.
///
/// Not thread-safe: one thread (the capture thread) opens, reads and closes it.
final class PCMDevice {
    /// What the device agreed to deliver.
    let format: CaptureFormat
    /// Frames per period, the unit `read` waits for.
    let periodFrames: Int
    /// Frames the device buffers before it overruns.
    let bufferFrames: Int
    /// The name it was opened with (`default`, `hw:1,0`, `plughw:CARD=USB,DEV=0`).
    let name: String
    private let handle: OpaquePointer
    /// The software parameters record `setWakeUp` fills (`snd_pcm_sw_params_malloc`, freed in `deinit`).
    private let params: OpaquePointer
    /// The device's poll descriptors, then one more slot for the wake-up signal `read` also waits for.
    private let descriptors: UnsafeMutableBufferPointer<pollfd>

    /// Opens `name` for capture and configures it for `preferredRate` Hz mono, with a buffer for wake-ups of up to
    /// `wakeUpPeriods` periods.
    ///
    /// Calls `snd_pcm_open(…, SND_PCM_STREAM_CAPTURE, SND_PCM_NONBLOCK)`, so a sound card that another program holds
    /// is an error (`EBUSY`, retried like a missing device) instead of an open that waits until that program lets
    /// go, which no `stop()` could end; then `snd_pcm_nonblock(…, 0)` (blocking mode, as reads expect), and
    /// `snd_pcm_hw_params_any`, `…_set_access`,
    /// `…_test_format`/`…_set_format`, `…_test_channels`/`…_set_channels_first`, `…_set_rate_near`,
    /// `…_set_period_size_near`, `…_set_buffer_size_near`, `snd_pcm_hw_params`, `snd_pcm_start` and
    /// `snd_pcm_poll_descriptors_count`. A failure names the device and carries ALSA's own message (for example
    /// "Unknown PCM usb").
    init(name: String, preferredRate: Int, wakeUpPeriods: Int) throws(AudioError) {
        Self.keepMessages()
        var opened: OpaquePointer?
        var status = snd_pcm_open(&opened, name, SND_PCM_STREAM_CAPTURE, SND_PCM_NONBLOCK)
        if status >= 0, let opened {
            status = snd_pcm_nonblock(opened, 0)
            if status < 0 { snd_pcm_close(opened) }
        }
        guard status >= 0, let opened else {
            throw AudioError(
                .deviceUnavailable,
                "cannot open capture device '\(name)': \(Self.describe(status))")
        }
        var allocated: OpaquePointer?
        guard snd_pcm_sw_params_malloc(&allocated) >= 0, let params = allocated else {
            snd_pcm_close(opened)
            throw AudioError(.deviceUnavailable, "capture device '\(name)': out of memory for its parameters")
        }
        do {
            (format, periodFrames, bufferFrames) = try Self.configure(
                opened, name: name, preferredRate: preferredRate, bufferPeriods: max(8, 2 * wakeUpPeriods))
        } catch {
            snd_pcm_sw_params_free(params)
            snd_pcm_close(opened)
            throw error
        }
        self.name = name
        handle = opened
        self.params = params
        descriptors = .allocate(capacity: Int(max(0, snd_pcm_poll_descriptors_count(opened))) + 1)
    }

    deinit {
        descriptors.deallocate()
        snd_pcm_sw_params_free(params)
        snd_pcm_close(handle)
    }

    /// Makes a waiting `read` wake only once `frames` frames are there (ALSA's `avail_min`; a period after `init`).
    /// Fewer wake-ups cost less while the reader needs no audio sooner, and every frame in the buffer beyond it is
    /// slack before an overrun. Allocates nothing (the parameters record is made in `init`).
    ///
    /// Calls `snd_pcm_sw_params_current`, `snd_pcm_sw_params_set_avail_min` and `snd_pcm_sw_params`.
    func setWakeUp(frames: Int) throws(AudioError) {
        var status = snd_pcm_sw_params_current(handle, params)
        if status >= 0 { status = snd_pcm_sw_params_set_avail_min(handle, params, snd_pcm_uframes_t(frames)) }
        if status >= 0 { status = snd_pcm_sw_params(handle, params) }
        guard status >= 0 else {
            throw AudioError(
                .deviceFailed, "capture device '\(name)': cannot wake every \(frames) frames: \(Self.describe(status))")
        }
    }

    /// What one `read` did.
    enum ReadResult {
        /// `frames` frames were stored (interleaved, `format.channels` samples each).
        case frames(Int)
        /// The device overran (or was suspended) and was recovered with `snd_pcm_recover`; nothing was read.
        case recovered
        /// The wake-up signal (or a spurious wake) ended the wait before the device had a frame; nothing was read.
        case woken
        /// Nothing arrived within the wait: the device is running but silent (a stalled USB device looks like this).
        case idle
    }

    /// Waits up to `wait` milliseconds until the device has the frames `setWakeUp` asked for or `wakeUp` is
    /// signalled, then reads what the device has, up to `capacity` frames, into `buffer` (raw device samples,
    /// `format.bytesPerFrame` each). Woken early, it reads the frames there are (none is `.woken`), so a reader that
    /// now wants audio sooner gets it.
    ///
    /// Calls `snd_pcm_poll_descriptors` and `poll` on them and on `wakeUp`'s pipe, then
    /// `snd_pcm_poll_descriptors_revents`, `snd_pcm_avail_update` and `snd_pcm_readi` of no more frames than are
    /// there (so the blocking read never waits for more: `snd_pcm_readi` of a whole buffer would wait for all of
    /// it). An error event is the device's state as `snd_pcm_wait` gives it: `-EPIPE` (overrun) or `-ESTRPIPE`
    /// (suspend) from any step is recovered with `snd_pcm_recover` and `snd_pcm_start` and reported as `.recovered`.
    /// Anything else (`-ENODEV` when a USB microphone is unplugged, `-EIO`, a failed recovery) is `.deviceFailed`:
    /// the handle is done and the caller closes it.
    func read(
        into buffer: UnsafeMutableRawPointer, capacity: Int, wait: Int32, wakeUp: WakeUpSignal
    ) throws(AudioError) -> ReadResult {
        let own = Int(max(0, snd_pcm_poll_descriptors(handle, descriptors.baseAddress, UInt32(descriptors.count - 1))))
        descriptors[own] = pollfd(fd: wakeUp.descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(descriptors.baseAddress, nfds_t(own + 1), wait)
        if ready == 0 { return .idle }
        if ready < 0 && errno == EINTR { return .woken }
        if descriptors[own].revents != 0 { wakeUp.clear() }
        var count = ready < 0 ? -Int(errno) : 0
        var events: UInt16 = 0
        if count == 0 {
            count = Int(snd_pcm_poll_descriptors_revents(handle, descriptors.baseAddress, UInt32(own), &events))
        }
        if count == 0, events & UInt16(POLLERR | POLLNVAL) != 0 { count = stateError() }
        if count == 0 { count = snd_pcm_avail_update(handle) }
        if count == 0 { return .woken }
        if count > 0 { count = snd_pcm_readi(handle, buffer, snd_pcm_uframes_t(min(count, capacity))) }
        if count >= 0 { return .frames(count) }
        let code = Int32(truncatingIfNeeded: count)
        if code == -EAGAIN { return .woken }
        if code == -EPIPE || code == -ESTRPIPE {
            var recovered = snd_pcm_recover(handle, code, 1)
            if recovered >= 0 { recovered = snd_pcm_start(handle) }
            if recovered >= 0 { return .recovered }
            throw AudioError(.deviceFailed, "capture device '\(name)' failed: \(Self.describe(recovered))")
        }
        throw AudioError(.deviceFailed, "capture device '\(name)' failed: \(Self.describe(code))")
    }

    /// The error of the device's state after a poll error event, as `snd_pcm_wait` gives it: `-EPIPE` after an
    /// overrun, `-ESTRPIPE` when suspended, `-ENODEV` when disconnected, `-EIO` otherwise.
    ///
    /// Calls `snd_pcm_state`.
    private func stateError() -> Int {
        switch snd_pcm_state(handle) {
        case SND_PCM_STATE_XRUN: -Int(EPIPE)
        case SND_PCM_STATE_SUSPENDED: -Int(ESTRPIPE)
        case SND_PCM_STATE_DISCONNECTED: -Int(ENODEV)
        default: -Int(EIO)
        }
    }

    /// The PCMs whose hints say they can capture (no `IOID`, or `IOID` `Input`), in ALSA's order.
    ///
    /// Calls `snd_device_name_hint(-1, "pcm", …)`, `snd_device_name_get_hint` for `NAME`, `DESC` and `IOID`, and
    /// `snd_device_name_free_hint`.
    static func captureDevices() throws(AudioError) -> [CaptureDevice] {
        keepMessages()
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        let status = snd_device_name_hint(-1, "pcm", &hints)
        guard status >= 0, let hints else {
            throw AudioError(.deviceUnavailable, "cannot list capture devices: \(describe(status))")
        }
        defer { snd_device_name_free_hint(hints) }
        func field(_ hint: UnsafeMutableRawPointer, _ id: String) -> String? {
            guard let value = snd_device_name_get_hint(hint, id) else { return nil }
            defer { free(value) }
            return String(cString: value)
        }
        var result: [CaptureDevice] = []
        var cursor = hints
        while let hint = cursor.pointee {
            cursor += 1
            guard let name = field(hint, "NAME"), field(hint, "IOID").map({ $0 == "Input" }) ?? true else { continue }
            result.append(CaptureDevice(name: name, description: field(hint, "DESC") ?? ""))
        }
        return result
    }

    /// The thread-dictionary key under which `keepMessage` leaves ALSA's last message.
    private static let messageKey = "spokend.alsa.message"

    /// Catches ALSA's messages on this thread (calls `snd_lib_error_set_local`), so they become part of errors
    /// instead of stray stderr lines such as "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM usb".
    private static func keepMessages() {
        snd_lib_error_set_local { _, _, _, _, format, arguments in
            guard let format, let arguments else { return }
            var message = [CChar](repeating: 0, count: 256)
            _ = vsnprintf(&message, message.count, format, arguments)
            Thread.current.threadDictionary[PCMDevice.messageKey] = message.withUnsafeBufferPointer {
                String(cString: $0.baseAddress!)
            }
        }
    }

    /// ALSA's last message on this thread if it left one (then forgotten), else `snd_strerror(status)`.
    private static func describe(_ status: Int32) -> String {
        let dictionary = Thread.current.threadDictionary
        defer { dictionary.removeObject(forKey: messageKey) }
        return dictionary[messageKey] as? String ?? String(cString: snd_strerror(status))
    }

    /// The ALSA constant of each sample type.
    private static func alsaFormat(_ type: CaptureFormat.SampleType) -> snd_pcm_format_t {
        switch type {
        case .int16: SND_PCM_FORMAT_S16_LE
        case .int32: SND_PCM_FORMAT_S32_LE
        case .float32: SND_PCM_FORMAT_FLOAT_LE
        }
    }

    /// Negotiates access, format, channels, rate, period and buffer (see the type's comment).
    private static func configure(
        _ pcm: OpaquePointer, name: String, preferredRate: Int, bufferPeriods: Int
    ) throws(AudioError) -> (CaptureFormat, Int, Int) {
        var allocated: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&allocated) >= 0, let params = allocated else {
            throw AudioError(.deviceUnavailable, "capture device '\(name)': out of memory for its parameters")
        }
        defer { snd_pcm_hw_params_free(params) }
        func check(_ status: Int32, _ what: String) throws(AudioError) {
            guard status >= 0 else {
                throw AudioError(.unsupportedFormat, "capture device '\(name)': \(what): \(describe(status))")
            }
        }
        try check(snd_pcm_hw_params_any(pcm, params), "no configuration")
        try check(snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED), "no interleaved access")
        guard
            let sampleType = CaptureFormat.SampleType.allCases.first(where: {
                snd_pcm_hw_params_test_format(pcm, params, alsaFormat($0)) == 0
            })
        else {
            throw AudioError(
                .unsupportedFormat, "capture device '\(name)' offers none of S16_LE, S32_LE, FLOAT_LE")
        }
        try check(snd_pcm_hw_params_set_format(pcm, params, alsaFormat(sampleType)), "format \(sampleType)")
        var channels: UInt32 = 1
        if snd_pcm_hw_params_test_channels(pcm, params, 1) != 0 {
            try check(snd_pcm_hw_params_set_channels_first(pcm, params, &channels), "channels")
        } else {
            try check(snd_pcm_hw_params_set_channels(pcm, params, 1), "mono")
        }
        var rate = UInt32(preferredRate)
        var direction: Int32 = 0
        try check(snd_pcm_hw_params_set_rate_near(pcm, params, &rate, &direction), "rate near \(preferredRate) Hz")
        var period = snd_pcm_uframes_t(max(1, Int(rate) / 100))
        try check(snd_pcm_hw_params_set_period_size_near(pcm, params, &period, &direction), "period size")
        var buffer = period * snd_pcm_uframes_t(bufferPeriods)
        try check(snd_pcm_hw_params_set_buffer_size_near(pcm, params, &buffer), "buffer size")
        try check(snd_pcm_hw_params(pcm, params), "applying the configuration")
        // Started now, not by the first read, so that `snd_pcm_wait` has something to wait for.
        try check(snd_pcm_start(pcm), "starting capture")
        guard buffer >= period * 4 else {
            throw AudioError(
                .unsupportedFormat, "capture device '\(name)' buffers only \(buffer) frames for periods of \(period)")
        }
        let format = CaptureFormat(sampleType: sampleType, channels: Int(channels), sampleRate: Int(rate))
        return (format, Int(period), Int(buffer))
    }
}
