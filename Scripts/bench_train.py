#!/usr/bin/env python3
"""Training speed of spokend's engine against Keras (tensorflow-cpu) on the same architectures, in one run.

For each architecture (the presets tiny, dscnn, cnn2d by default) both sides train the same network (spokend's
`Architecture` JSON, translated layer by layer into Keras: same kernels, strides, padding, batch norms with the same
momentum and epsilon, dropout, the same AdamW, cosine schedule with warm-up and label smoothing) on the same synthetic
features of the architecture's input shape, with the same batch size and thread count, for the same epochs; the
first epoch is warm-up (Keras traces its graph, spokend touches its buffers) and not counted. Reported: samples per
second of wall-clock time and per CPU-second (all threads' user + system time: steadier on a machine shared with
other work), and the ratio spokend / Keras.

`make bench-train` runs this with the release `train-speed` of the nested package Benchmarks/.

Usage: .venv/bin/python3 Scripts/bench_train.py --train-speed Benchmarks/.build/release/TrainSpeed
           [--architectures tiny dscnn cnn2d] [--batch 64] [--threads 2] [--examples 2048] [--epochs 3]
           [--classes 100] [--json]
Needs tensorflow-cpu (Scripts/requirements-fixtures.txt).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
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


def keras_speed(architecture, args):
    import keras
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    keras.utils.set_random_seed(1)
    front = architecture["front_end"]
    rng = np.random.default_rng(3)
    x = rng.uniform(-0.5, 0.5, size=(args.examples, front["frames"], front["mels"], 1)).astype(np.float32)
    y = keras.utils.to_categorical(np.arange(args.examples) % args.classes, args.classes)
    model = keras_model(architecture, args.classes, 0.2)
    steps = args.epochs * (args.examples // args.batch)
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - steps // args.epochs, warmup_target=0.003, warmup_steps=steps // args.epochs)
    model.compile(
        optimizer=keras.optimizers.AdamW(schedule, weight_decay=0.01),
        loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1), metrics=["accuracy"])

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            self.wall, self.cpu = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = (time.perf_counter(), cpu_seconds())

        def on_epoch_end(self, epoch, logs=None):
            self.wall.append(time.perf_counter() - self.start[0])
            self.cpu.append(cpu_seconds() - self.start[1])

    timer = Timer()
    model.fit(x, y, batch_size=args.batch, epochs=args.epochs, shuffle=True, verbose=0, callbacks=[timer])
    done = args.examples * (args.epochs - 1)
    return {
        "parameters": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
        "samples_per_second": done / sum(timer.wall[1:]),
        "samples_per_cpu_second": done / sum(timer.cpu[1:]),
    }


def spokend_speed(name, args):
    command = [args.train_speed, name, "--classes", str(args.classes), "--batch", str(args.batch),
               "--threads", str(args.threads), "--examples", str(args.examples), "--epochs", str(args.epochs)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train-speed", required=True, help="the TrainSpeed executable of Benchmarks/")
    parser.add_argument("--architectures", nargs="+", default=["tiny", "dscnn", "cnn2d"])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--examples", type=int, default=2048)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--classes", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rows = []
    for name in args.architectures:
        architecture = json.loads(subprocess.run(
            [args.train_speed, "--architecture", name], check=True, capture_output=True, text=True).stdout)
        spokend = spokend_speed(name, args)
        keras = keras_speed(architecture, args)
        if spokend["parameters"] != keras["parameters"]:
            sys.exit(f"{name}: spokend has {spokend['parameters']} parameters, Keras {keras['parameters']}")
        rows.append({"architecture": name, "parameters": spokend["parameters"], "spokend": spokend, "keras": keras})

    if args.json:
        print(json.dumps(rows, indent=2))
        return
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


if __name__ == "__main__":
    main()
