import SpokenAudio
import SpokenCorpus
import SpokenDSP
import SpokenDaemon
import SpokenNN
import SpokenRecognition
import SpokenSearch
import SpokenTrain

/// The error types of spokend's own modules: what the CLI prints as one line, `spokend: <description>`.
///
/// Each module adds its error type here once; anything else (parse errors, `ExitCode`) goes to ArgumentParser.
protocol ModuleError: Error, CustomStringConvertible {}

extension DSPError: ModuleError {}
extension AudioError: ModuleError {}
extension ModelError: ModuleError {}
extension AllocationError: ModuleError {}
extension CorpusError: ModuleError {}
extension RecognitionError: ModuleError {}
extension TrainError: ModuleError {}
extension SearchError: ModuleError {}
extension DaemonError: ModuleError {}
