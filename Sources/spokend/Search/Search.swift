import ArgumentParser
import Foundation
import SpokenSearch
import SpokenTrain

/// `spokend search`: the EvoNAS architecture search, with spokend's chip cost model in the loop.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evolve tiny networks and front ends for the chip (EvoNAS): resumable, local or on Slurm.",
        discussion: """
            Each candidate is a front end (8 or 16 kHz, n_fft, hop ≤ n_fft, 16–96 log-mel bands, fmax ≤ Nyquist) \
            and a network of up to 6 convolution blocks and 4 dense layers. Before any training its untrained int8 \
            export is priced on the device (arena, flash, latency after speech, front end included) and refused if \
            it breaks a limit; otherwise it is trained with a proxy budget, quantized to int8 and scored in the \
            TFLM-exact interpreter on the validation speakers of the held-out-voice split (clean and degraded). The \
            test speakers are never read.

            Fitness (the paper's): F = 0.6·accuracy + 0.2·min(1, 100 kB / flash) + 0.2·min(1, 1 mJ / energy); \
            --mode nsga2 ranks by NSGA-II over accuracy, latency and flash instead.

            RUN holds everything: config.json, generations/, results/, candidates.jsonl (one line per candidate, \
            fsync'd), models/, and at the end pareto.csv, pareto.svg and best/ (fittest, most accurate, fastest \
            .tflite with model cards). Kill it at any time; --resume continues without losing or repeating a \
            finished evaluation.

            Defaults are the paper's size: 300 candidates, then 100 per generation for 25 generations. A \
            generation's candidates run as local worker processes (--workers, default one per core) or as one \
            Slurm job array (--executor slurm; RUN must be on a file system the nodes share).

            Examples:
              spokend search --task number --corpus corpus --out runs/number-1 --quick
              spokend search --task number --corpus corpus --out runs/number-1 --resume
              spokend search --out runs/number-1 --resume --generations 8      # 4 more after a 4-generation run
              spokend search --task language --corpus corpus --out runs/lang-1 --mode nsga2 \\
                  --population 20 --generations 5 --epochs 2
              spokend search --task number --corpus /shared/corpus --out /shared/runs/n1 --executor slurm \\
                  --sbatch-option=--partition=cpu --sbatch-option=--time=01:00:00
              spokend search report runs/number-1
              spokend search baseline runs/number-1 --arch Models/number.arch.json
            """,
        subcommands: [SearchRunCommand.self, SearchWorker.self, SearchReportCommand.self, SearchBaselineCommand.self],
        defaultSubcommand: SearchRunCommand.self)
}
