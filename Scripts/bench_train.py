#!/usr/bin/env python3
"""Training speed and accuracy of spokend's engine against Keras (tensorflow-cpu) on the same architectures, in one run.

For each architecture (the presets tiny, dscnn, cnn2d by default) both sides train the same network (spokend's
`Architecture` JSON, translated layer by layer into Keras: same kernels, strides, padding, batch norms with the same
momentum and epsilon, dropout, Glorot-uniform kernels with Keras's fans on both sides and zero biases, the same AdamW
with weight decay on the kernels only, cosine schedule with warm-up and label smoothing) with the same batch size and
thread count, for the same epochs; the first epoch is warm-up (Keras traces its graph, spokend touches its buffers)
and not counted.
Reported: samples per second of wall-clock time and per CPU-second (all threads' user + system time: steadier on a
machine shared with other work), and the ratio spokend / Keras.

Two modes:
- speed (default): synthetic features of the architecture's input shape, `--classes` classes.
- accuracy (`--corpus DIR --task language|number`): the clean cached features (spokend's FeatureCache) of one fold of a
  real corpus; `train-speed --corpus … --export` writes the fold's training, validation and test features as .npy, so
  Keras trains on the very same values. Augmentation is off on both sides: spokend's augmentation works on the
  waveform, which Keras cannot share. Both sides report the test accuracy after the final epoch and at the epoch with
  the best validation accuracy (on a tie the lower validation loss without label smoothing: `spokend train`'s rule),
  and their speed on these features. `--seed` seeds the training of both sides (the fold stays the one `spokend
  train` deals with its default seed 0), so a few seeds show how far one run's accuracy is from another's. What still
  differs: the random numbers (initial weights, batch order, dropout masks), spokend's class-balanced batch order
  against Keras's plain shuffle (`--keras-batches balanced` deals Keras's batches as spokend does), and with more
  than one thread spokend's per-shard batch norm statistics.

`make bench-train` runs this with the release `train-speed` of the nested package Benchmarks/;
`make bench-train CORPUS=/work/corpus TASK=number EPOCHS=10 THREADS=1` the accuracy mode.

Usage: .venv/bin/python3 Scripts/bench_train.py --train-speed Benchmarks/.build/release/TrainSpeed
           [--architectures tiny dscnn cnn2d] [--batch 64] [--threads 2] [--examples 2048] [--epochs 3]
           [--classes 100] [--json]
       .venv/bin/python3 Scripts/bench_train.py --train-speed Benchmarks/.build/release/TrainSpeed
           --corpus /work/corpus --task language [--split voices] [--fold 0] [--seed 0]
           [--architectures tiny dscnn] [--batch 64] [--threads 1] [--epochs 20] [--keras-batches shuffled balanced]
           [--json] [--save ROWS.json]
Needs tensorflow-cpu (Scripts/requirements-fixtures.txt).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402


def keras_model(architecture, classes, dropout):
    """The Keras network for an `Architecture` (see Sources/SpokenTrain/Architecture/LayerSpec.swift)."""
    import keras
    from keras import layers

    front = architecture["front_end"]
    inputs = keras.Input(shape=(front["frames"], front["mels"], 1))

    def activation(x, name):
        if name == "relu":
            return layers.ReLU()(x)
        if name == "relu6":
            return layers.ReLU(max_value=6.0)(x)
        return x

    def normalized(x, spec, default_bn):
        if spec.get("batch_norm", default_bn):
            x = layers.BatchNormalization(momentum=0.9, epsilon=1e-3)(x)
        return activation(x, spec.get("activation", "relu"))

    def build(x, specs):
        for spec in specs:
            kind = spec["kind"]
            if kind in ("conv2d", "depthwise_conv2d"):
                common = dict(
                    kernel_size=tuple(spec["kernel"]), strides=tuple(spec.get("stride", [1, 1])),
                    dilation_rate=tuple(spec.get("dilation", [1, 1])), padding=spec.get("padding", "same"),
                    use_bias=not spec.get("batch_norm", True))
                if kind == "conv2d":
                    x = layers.Conv2D(spec["filters"], **common)(x)
                else:
                    x = layers.DepthwiseConv2D(**common)(x)
                x = normalized(x, spec, True)
            elif kind == "dense":
                if len(x.shape) > 2:
                    x = layers.Flatten()(x)
                x = layers.Dense(spec["units"], use_bias=not spec.get("batch_norm", False))(x)
                x = normalized(x, spec, False)
            elif kind in ("max_pool", "average_pool"):
                pool = layers.MaxPooling2D if kind == "max_pool" else layers.AveragePooling2D
                x = pool(tuple(spec["pool"]), strides=tuple(spec.get("stride", spec["pool"])),
                         padding=spec.get("padding", "valid"))(x)
            elif kind == "global_average_pool":
                x = layers.GlobalAveragePooling2D()(x)
            elif kind == "dropout":
                x = layers.Dropout(spec.get("rate", dropout))(x)
            elif kind == "residual":
                x = activation(layers.Add()([build(x, spec["layers"]), x]), spec.get("activation", "relu"))
            else:
                raise ValueError(f"unknown layer kind {kind}")
        return x

    x = build(inputs, architecture["layers"])
    if len(x.shape) > 2:
        x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(classes)(x))


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def keras_compiled(architecture, classes, steps_per_epoch, args):
    """The Keras network of `architecture`, seeded, on `args.threads` threads, compiled with spokend's training options:
    AdamW (peak `args.learning_rate`, 0.003 by default, decay 0.01 on kernels only), linear warm-up over the first epoch then cosine decay to 0 at the
    end, cross-entropy with label smoothing 0.1."""
    import keras
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    keras.utils.set_random_seed(args.seed)
    model = keras_model(architecture, classes, 0.2)
    steps = args.epochs * steps_per_epoch
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - steps_per_epoch, warmup_target=args.learning_rate, warmup_steps=steps_per_epoch)
    optimizer = keras.optimizers.AdamW(schedule, weight_decay=0.01)
    optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1), metrics=["accuracy"])
    return model


def epoch_timer(evaluate=None):
    """A Keras callback that times each epoch (wall clock and CPU), then calls `evaluate(epoch)` untimed."""
    import keras

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.wall, self.cpu = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = (time.perf_counter(), cpu_seconds())

        def on_epoch_end(self, epoch, logs=None):
            self.wall.append(time.perf_counter() - self.start[0])
            self.cpu.append(cpu_seconds() - self.start[1])
            if evaluate:
                evaluate(epoch, logs)

    return Timer()


def speeds(timer, examples):
    """Samples per second and per CPU-second over all epochs but the first."""
    done = examples * (len(timer.wall) - 1)
    return {"samples_per_second": done / sum(timer.wall[1:]), "samples_per_cpu_second": done / sum(timer.cpu[1:])}


def parameter_count(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def keras_speed(architecture, args):
    import keras

    front = architecture["front_end"]
    rng = np.random.default_rng(3)
    x = rng.uniform(-0.5, 0.5, size=(args.examples, front["frames"], front["mels"], 1)).astype(np.float32)
    y = keras.utils.to_categorical(np.arange(args.examples) % args.classes, args.classes)
    model = keras_compiled(architecture, args.classes, args.examples // args.batch, args)
    timer = epoch_timer()
    model.fit(x, y, batch_size=args.batch, epochs=args.epochs, shuffle=True, verbose=0, callbacks=[timer])
    return {"parameters": parameter_count(model), **speeds(timer, args.examples)}


def spokend_speed(name, args):
    command = [args.train_speed, name, "--classes", str(args.classes), "--batch", str(args.batch),
               "--threads", str(args.threads), "--examples", str(args.examples), "--epochs", str(args.epochs)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def load_fold(directory):
    """The .npy files `train-speed --export` wrote: {part: (features [n, frames, mels, 1], labels [n])}."""
    return {part: (np.load(os.path.join(directory, f"{part}-features.npy"))[..., np.newaxis],
                   np.load(os.path.join(directory, f"{part}-labels.npy")).astype(np.int64))
            for part in ("training", "validation", "test")}


def scored(model, features, labels):
    """Accuracy and mean cross-entropy without label smoothing (spokend's `Trainer.evaluate`), in evaluation mode."""
    logits = model.predict(features, batch_size=128, verbose=0).astype(np.float64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return (float(np.mean(logits.argmax(axis=1) == labels)),
            float(-log_probabilities[np.arange(len(labels)), labels].mean()))


def balanced_order(labels, classes, rng):
    """One epoch's order as spokend's `BatchSampler` deals it (with numpy's random numbers, not spokend's): rounds over
    the classes in a fresh random order, each taking its class's next example from a shuffled list, reshuffled when it
    runs out. With every class equally often in the fold, a batch of 64 holds 16 clips of each language, or 64
    different numbers."""
    members = [rng.permutation(np.flatnonzero(labels == label)) for label in range(classes)]
    present = [label for label in range(classes) if len(members[label])]
    taken = [0] * classes
    order = []
    while len(order) < len(labels):
        for label in rng.permutation(present):
            if len(order) == len(labels):
                break
            if taken[label] == len(members[label]):
                members[label] = rng.permutation(members[label])
                taken[label] = 0
            order.append(members[label][taken[label]])
            taken[label] += 1
    return np.array(order)


def keras_accuracy(architecture, fold, classes, batches, args):
    """Keras trained on the fold's training features in `batches` ("shuffled" or "balanced"); the test accuracy of every
    epoch and the best validation one."""
    import keras

    x, y = fold["training"]
    model = keras_compiled(architecture, classes, -(-len(y) // args.batch), args)
    epochs = []

    def evaluate(epoch, logs):
        validation_accuracy, validation_loss = scored(model, *fold["validation"])
        test_accuracy, _ = scored(model, *fold["test"])
        epochs.append({"epoch": epoch + 1, "training_loss": logs["loss"], "training_accuracy": logs["accuracy"],
                       "validation_loss": validation_loss, "validation_accuracy": validation_accuracy,
                       "test_accuracy": test_accuracy})

    timer = epoch_timer(evaluate)
    targets = keras.utils.to_categorical(y, classes)
    if batches == "balanced":
        # One `fit` per epoch on the examples in the dealt order, unshuffled; the optimizer's step count (and so the
        # schedule) carries on from one call to the next, and the compiled step is traced once.
        rng = np.random.default_rng(args.seed)
        for epoch in range(args.epochs):
            order = balanced_order(y, classes, rng)
            model.fit(x[order], targets[order], batch_size=args.batch, epochs=epoch + 1, initial_epoch=epoch,
                      shuffle=False, verbose=0, callbacks=[timer])
    else:
        model.fit(x, targets, batch_size=args.batch, epochs=args.epochs, shuffle=True, verbose=0, callbacks=[timer])
    best = max(epochs, key=lambda e: (e["validation_accuracy"], -e["validation_loss"], -e["epoch"]))
    for entry, wall, cpu in zip(epochs, timer.wall, timer.cpu):
        entry.update(seconds=wall, cpu_seconds=cpu)
    return {"parameters": parameter_count(model), "epochs": epochs, "best_epoch": best["epoch"],
            "final_test_accuracy": epochs[-1]["test_accuracy"], "best_test_accuracy": best["test_accuracy"],
            **speeds(timer, len(y))}


def spokend_accuracy(name, directory, args):
    command = [args.train_speed, name, "--corpus", args.corpus, "--task", args.task, "--split", args.split,
               "--fold", str(args.fold), "--seed", str(args.seed), "--batch", str(args.batch),
               "--threads", str(args.threads), "--epochs", str(args.epochs), "--export", directory,
               "--learning-rate", str(args.learning_rate)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def architecture_json(name, args):
    return json.loads(subprocess.run(
        [args.train_speed, "--architecture", name], check=True, capture_output=True, text=True).stdout)


def checked_row(name, spokend, keras):
    if spokend["parameters"] != keras["parameters"]:
        sys.exit(f"{name}: spokend has {spokend['parameters']} parameters, Keras {keras['parameters']}")
    return {"architecture": name, "parameters": spokend["parameters"], "spokend": spokend, "keras": keras}


def speed_table(rows, args):
    print(f"batch {args.batch}, {args.threads} threads, {args.examples} synthetic examples, {args.classes} classes, "
          f"epochs 2..{args.epochs} timed")
    print(f"{'architecture':<14}{'parameters':>11}  {'samples/s spokend':>18}{'Keras':>9}{'ratio':>7}  "
          f"{'samples/CPU-s spokend':>22}{'Keras':>9}{'ratio':>7}")
    for row in rows:
        s, k = row["spokend"], row["keras"]
        print(f"{row['architecture']:<14}{row['parameters']:>11}  {s['samples_per_second']:>18.0f}"
              f"{k['samples_per_second']:>9.0f}{s['samples_per_second'] / k['samples_per_second']:>6.1f}x  "
              f"{s['samples_per_cpu_second']:>22.0f}{k['samples_per_cpu_second']:>9.0f}"
              f"{s['samples_per_cpu_second'] / k['samples_per_cpu_second']:>6.1f}x")


def accuracy_table(rows, args):
    examples = rows[0]["spokend"]["examples"]
    print(f"{args.corpus}, {args.split} split, fold {args.fold}, task {args.task}: {examples['training']} training, "
          f"{examples['validation']} validation, {examples['test']} test clips, clean features (no augmentation); "
          f"batch {args.batch}, {args.threads} thread(s), {args.epochs} epochs, seed {args.seed}, "
          f"Keras's batches {' and '.join(args.keras_batches)}")
    print("test accuracy in % after the final epoch and at the best validation epoch (in brackets); "
          "samples per CPU-second over epochs 2..")
    print(f"{'architecture':<14}{'parameters':>11}  {'spokend final':>13}{'best':>13}  {'Keras batches':>13}"
          f"{'final':>7}{'best':>13}  {'final diff':>10}  {'samples/CPU-s spokend':>22}{'Keras':>8}{'ratio':>7}")
    for row in rows:
        s, k = row["spokend"], row["keras"]
        best = {side: f"{100 * r['best_test_accuracy']:.1f} ({r['best_epoch']})" for side, r in (("s", s), ("k", k))}
        print(f"{row['architecture']:<14}{row['parameters']:>11}  {100 * s['final_test_accuracy']:>13.1f}"
              f"{best['s']:>13}  {row['keras_batches']:>13}{100 * k['final_test_accuracy']:>7.1f}{best['k']:>13}  "
              f"{100 * (s['final_test_accuracy'] - k['final_test_accuracy']):>+10.1f}  "
              f"{s['samples_per_cpu_second']:>22.0f}{k['samples_per_cpu_second']:>8.0f}"
              f"{s['samples_per_cpu_second'] / k['samples_per_cpu_second']:>6.1f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-speed", required=True, help="the TrainSpeed executable of Benchmarks/")
    parser.add_argument("--architectures", nargs="+", default=["tiny", "dscnn", "cnn2d"])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--examples", type=int, default=2048, help="synthetic examples (speed mode)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--classes", type=int, default=100, help="synthetic classes (speed mode)")
    parser.add_argument("--corpus", help="accuracy mode: a corpus folder (manifest.csv, folds.json)")
    parser.add_argument("--task", choices=["language", "number"], help="accuracy mode: what to recognize")
    parser.add_argument("--split", choices=["voices", "speakers"], default="voices")
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--learning-rate", type=float, default=0.003, help="peak AdamW rate of both sides")
    parser.add_argument("--seed", type=int, default=None, help="default: 0 with --corpus (as spokend train), else 1")
    parser.add_argument("--keras-batches", nargs="+", choices=["shuffled", "balanced"], default=["shuffled"],
                        help="accuracy mode: Keras's own plain shuffle (default), batches dealt as spokend deals them "
                             "(class-balanced rounds, BatchSampler.swift), or both: one Keras run each beside one "
                             "spokend run")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of the table")
    parser.add_argument("--save", help="also write the rows (every epoch of both sides) as JSON to this file")
    args = parser.parse_args()
    if bool(args.corpus) != bool(args.task):
        parser.error("--corpus and --task go together")
    if args.epochs < 2:
        parser.error("--epochs must be at least 2 (the first is not timed)")
    if args.seed is None:
        args.seed = 0 if args.corpus else 1

    rows = []
    for name in args.architectures:
        architecture = architecture_json(name, args)
        if args.corpus:
            with tempfile.TemporaryDirectory(prefix="bench-train-") as directory:
                spokend = spokend_accuracy(name, directory, args)
                fold = load_fold(directory)
            classes = 4 if args.task == "language" else 100
            for batches in args.keras_batches:
                rows.append({**checked_row(name, spokend, keras_accuracy(architecture, fold, classes, batches, args)),
                             "keras_batches": batches})
        else:
            rows.append(checked_row(name, spokend_speed(name, args), keras_speed(architecture, args)))

    if args.save:
        with open(args.save, "w") as file:
            json.dump(rows, file, indent=2)
    if args.json:
        print(json.dumps(rows, indent=2))
    elif args.corpus:
        accuracy_table(rows, args)
    else:
        speed_table(rows, args)


if __name__ == "__main__":
    main()
