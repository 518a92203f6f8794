#!/usr/bin/env python3
"""Builds the SpokenNN fixtures: small int8 .tflite models and what TensorFlow Lite Micro computes for them.

Every model is a small Keras model with random weights (fixed seeds), converted by the TensorFlow Lite converter
with full-integer post-training quantization (int8 inputs and outputs, except the float models that exercise
QUANTIZE/DEQUANTIZE). It then runs in the `tflite-micro` Python package, which runs TFLM's own reference kernels:
that is the oracle. TFLite's kernels are NOT a usable oracle: they round differently (its BUILTIN_REF kernels differ
from TFLM by 1 LSB in FULLY_CONNECTED on about 0.1% of outputs, its default kernels on several percent).

Written to Tests/SpokenNNTests/Fixtures/ (committed; keep it to a few MB):
  manifest.json                       one entry per model: file names, ops, shapes, TFLM's arena usage
  <name>.tflite                       the model
  <name>.input<i>.npy                 a batch of inputs for input i: shape [N] + the model's input shape
  <name>.output<i>.npy                TFLM's outputs for that batch: shape [N] + the model's output shape
  mlperf/<name>.tflite                the MLPerf Tiny IC, VWW and AD models, for the cycle model's out-of-sample
                                      check: shapes only, no outputs
  <name>.kernels.json                 for every operator of the model, with batch element 0: the operator's
                                      options, its input/output tensors (shape, type, scales, zero points, data as
                                      base64 little-endian bytes) as TFLM saw them, and the multipliers/shifts TFLM's
                                      QuantizeMultiplier makes of the effective scales. Kernel tests call the kernels
                                      directly from this, independent of the Swift .tflite reader.

The arena usage comes from tflite-micro's RecordingMicroAllocator, which only prints it (print_allocations() writes
to stderr from C++), so it is captured from a subprocess. Its struct sizes are the host's (64-bit), not a Cortex-M's.

Usage: .venv/bin/python3 Scripts/make_nn_fixtures.py [--only NAME ...] [--out DIR]
Needs Scripts/requirements-fixtures.txt (tensorflow-cpu, tflite-micro).
"""

import argparse
import base64
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

BATCH = 3
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "Tests/SpokenNNTests/Fixtures"
ARENA_BYTES = 1 << 20


# --------------------------------------------------------------------------------------------------------------------
# TFLM's fixed-point parameters, as tensorflow/lite/kernels/internal/quantization_util.cc computes them.


def quantize_multiplier(double_multiplier):
    """QuantizeMultiplier: double -> (int32 multiplier in [2^30, 2^31), shift), frexp-based."""
    if double_multiplier == 0.0:
        return 0, 0
    q, shift = math.frexp(double_multiplier)
    q_fixed = round_half_away(q * (1 << 31))
    assert q_fixed <= (1 << 31)
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        shift = 0
        q_fixed = 0
    return int(q_fixed), int(shift)


def round_half_away(x):
    """std::round: halves away from zero."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


# --------------------------------------------------------------------------------------------------------------------
# Models. Each builder returns (keras model, converter flags). Shapes are small; batch size is fixed at 1 so that
# Flatten converts to one static RESHAPE.


def build_models(only):
    import tensorflow as tf

    keras = tf.keras
    layers = keras.layers

    def inp(shape, name="input"):
        return keras.Input(shape=shape, batch_size=1, name=name)

    def single(shape, layer):
        x = inp(shape)
        return keras.Model(x, layer(x))

    def clip1(x):
        return tf.clip_by_value(x, -1.0, 1.0)

    models = {}

    def model(name, description, float_io=False, per_tensor_dense=False, cost_only=False):
        def register(fn):
            if not only or name in only:
                models[name] = dict(build=fn, description=description, float_io=float_io,
                                    per_tensor_dense=per_tensor_dense, cost_only=cost_only)
            return fn
        return register

    # CONV_2D
    @model("conv_same_relu", "CONV_2D 3x3 stride 1 SAME, fused RELU")
    def _():
        return single((9, 8, 3), layers.Conv2D(5, 3, padding="same", activation="relu"))

    @model("conv_valid_stride2", "CONV_2D 3x2 stride 2 VALID, no activation")
    def _():
        return single((11, 9, 2), layers.Conv2D(4, (3, 2), strides=2, padding="valid"))

    @model("conv_dilation2_relu6", "CONV_2D 3x3 dilation 2 SAME, fused RELU6")
    def _():
        return single((10, 10, 3), layers.Conv2D(4, 3, dilation_rate=2, padding="same", activation="relu6"))

    @model("conv_even_kernel_stride21", "CONV_2D 4x3 stride (2,1) SAME: asymmetric padding")
    def _():
        return single((12, 7, 4), layers.Conv2D(6, (4, 3), strides=(2, 1), padding="same"))

    @model("conv_1x1_nobias", "CONV_2D 1x1 without bias")
    def _():
        return single((5, 4, 16), layers.Conv2D(8, 1, use_bias=False))

    @model("conv_relu_n1_to_1", "CONV_2D with a clip to [-1, 1] fused as RELU_N1_TO_1")
    def _():
        x = inp((7, 6, 3))
        y = layers.Conv2D(4, 3, padding="same")(x)
        y = layers.Lambda(clip1)(y)
        return keras.Model(x, y)

    @model("conv_single_channel_stride2", "CONV_2D 10x4 stride 2 SAME on one input channel (DS-CNN's first layer)")
    def _():
        return single((15, 10, 1), layers.Conv2D(8, (10, 4), strides=2, padding="same", activation="relu"))

    # DEPTHWISE_CONV_2D
    @model("dw_same_relu", "DEPTHWISE_CONV_2D 3x3 SAME multiplier 1, fused RELU")
    def _():
        return single((8, 7, 4), layers.DepthwiseConv2D(3, padding="same", activation="relu"))

    @model("dw_mult2_valid_stride2", "DEPTHWISE_CONV_2D 3x3 VALID stride 2, depth multiplier 2")
    def _():
        return single((9, 8, 3), layers.DepthwiseConv2D(3, strides=2, depth_multiplier=2, padding="valid"))

    @model("dw_dilation2_relu6", "DEPTHWISE_CONV_2D 3x3 dilation 2 SAME, fused RELU6")
    def _():
        return single((9, 9, 5), layers.DepthwiseConv2D(3, dilation_rate=2, padding="same", activation="relu6"))

    @model("dw_mult3_one_channel", "DEPTHWISE_CONV_2D 2x3 SAME stride (1,2) on one channel, depth multiplier 3")
    def _():
        return single((6, 9, 1), layers.DepthwiseConv2D((2, 3), strides=(1, 2), depth_multiplier=3, padding="same"))

    # FULLY_CONNECTED
    @model("fc_per_channel_relu", "FULLY_CONNECTED per-channel weights, fused RELU")
    def _():
        return single((20,), layers.Dense(10, activation="relu"))

    @model("fc_per_tensor", "FULLY_CONNECTED per-tensor weights, no activation", per_tensor_dense=True)
    def _():
        return single((24,), layers.Dense(7))

    @model("flatten_fc", "RESHAPE (Flatten) then FULLY_CONNECTED")
    def _():
        x = inp((3, 4, 5))
        y = layers.Flatten()(x)
        return keras.Model(x, layers.Dense(6)(y))

    # Pooling
    @model("avgpool_2x2_valid", "AVERAGE_POOL_2D 2x2 stride 2 VALID")
    def _():
        return single((8, 6, 3), layers.AveragePooling2D(2))

    @model("avgpool_3x3_same_stride2", "AVERAGE_POOL_2D 3x3 stride 2 SAME: border windows count fewer elements")
    def _():
        return single((9, 7, 4), layers.AveragePooling2D(3, strides=2, padding="same"))

    @model("maxpool_2x2_valid", "MAX_POOL_2D 2x2 stride 2 VALID")
    def _():
        return single((8, 6, 3), layers.MaxPooling2D(2))

    @model("maxpool_3x2_same_stride1", "MAX_POOL_2D 3x2 stride 1 SAME")
    def _():
        return single((6, 5, 4), layers.MaxPooling2D((3, 2), strides=1, padding="same"))

    # MEAN and REDUCE_MAX
    @model("mean_hw", "MEAN over H,W (global average pooling), keep_dims false")
    def _():
        return single((6, 5, 8), layers.GlobalAveragePooling2D())

    @model("mean_hw_keepdims", "MEAN over H,W, keep_dims true")
    def _():
        return single((7, 4, 6), layers.GlobalAveragePooling2D(keepdims=True))

    @model("mean_w", "MEAN over W only, keep_dims false")
    def _():
        return single((5, 6, 4), layers.Lambda(lambda t: tf.reduce_mean(t, axis=2)))

    @model("mean_c_keepdims", "MEAN over channels, keep_dims true")
    def _():
        return single((4, 5, 6), layers.Lambda(lambda t: tf.reduce_mean(t, axis=3, keepdims=True)))

    @model("reduce_max_hw", "REDUCE_MAX over H,W (global max pooling), keep_dims false")
    def _():
        return single((6, 5, 8), layers.GlobalMaxPooling2D())

    @model("reduce_max_hw_keepdims", "REDUCE_MAX over H,W, keep_dims true")
    def _():
        return single((5, 7, 3), layers.GlobalMaxPooling2D(keepdims=True))

    @model("reduce_max_h", "REDUCE_MAX over H only")
    def _():
        return single((5, 6, 4), layers.Lambda(lambda t: tf.reduce_max(t, axis=1)))

    # ADD and MUL
    def binary(shape_a, shape_b, fn):
        a = inp(shape_a, "a")
        b = inp(shape_b, "b")
        return keras.Model([a, b], layers.Lambda(lambda t: fn(t[0], t[1]))([a, b]))

    @model("add_same_shape", "ADD of two tensors of the same shape")
    def _():
        return binary((4, 5, 3), (4, 5, 3), lambda a, b: a + b)

    @model("add_broadcast_relu", "ADD broadcasting [1,1,5,1] onto [1,4,5,3], fused RELU")
    def _():
        return binary((4, 5, 3), (1, 5, 1), lambda a, b: tf.nn.relu(a + b))

    @model("add_broadcast_both", "ADD broadcasting [1,4,1,3] with [1,1,5,1] (both sides)")
    def _():
        return binary((4, 1, 3), (1, 5, 1), lambda a, b: a + b)

    @model("add_5d_broadcast", "ADD of 5-D tensors with broadcast")
    def _():
        return binary((2, 3, 1, 4), (1, 3, 5, 1), lambda a, b: tf.reshape(a, (1, 2, 3, 1, 4)) +
                      tf.reshape(b, (1, 1, 3, 5, 1)))

    @model("mul_same_shape", "MUL of two tensors of the same shape")
    def _():
        return binary((4, 5, 3), (4, 5, 3), lambda a, b: a * b)

    @model("mul_broadcast_relu6", "MUL broadcasting [1,1,1,3] onto [1,4,5,3], fused RELU6")
    def _():
        return binary((4, 5, 3), (1, 1, 3), lambda a, b: tf.nn.relu6(a * b))

    @model("batchnorm_unfused", "BatchNormalization after RELU: cannot fold, converts to MUL + ADD with constants")
    def _():
        x = inp((6, 5, 3))
        y = layers.Conv2D(4, 3, padding="same", activation="relu")(x)
        y = layers.BatchNormalization()(y)
        return keras.Model(x, y)

    # SOFTMAX, RESHAPE, QUANTIZE/DEQUANTIZE
    @model("softmax", "SOFTMAX int8 -> int8 on 1x10")
    def _():
        return single((10,), layers.Softmax())

    @model("softmax_wide", "SOFTMAX int8 -> int8 on 2x4x100 (a 100-class head, several rows)")
    def _():
        x = inp((4, 100))
        y = layers.Dense(100)(x)
        return keras.Model(x, layers.Softmax()(y))

    @model("reshape", "RESHAPE [1,4,6,2] -> [1,8,6] between two quantized ops")
    def _():
        x = inp((4, 6, 2))
        y = layers.Conv2D(2, 1)(x)
        y = layers.Reshape((8, 6))(y)
        return keras.Model(x, layers.Dense(3)(y))

    @model("float_io_conv", "float32 in and out: QUANTIZE, CONV_2D, DEQUANTIZE", float_io=True)
    def _():
        return single((6, 5, 2), layers.Conv2D(3, 3, padding="same"))

    # Whole models
    @model("dscnn_kws", "MLPerf Tiny KWS DS-CNN (49x10x1 MFCC, 64 channels, 12 classes)")
    def _():
        x = inp((49, 10, 1))
        y = layers.Conv2D(64, (10, 4), strides=2, padding="same", use_bias=False)(x)
        y = layers.BatchNormalization()(y)
        y = layers.ReLU()(y)
        for _ in range(4):
            y = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(y)
            y = layers.BatchNormalization()(y)
            y = layers.ReLU()(y)
            y = layers.Conv2D(64, 1, use_bias=False)(y)
            y = layers.BatchNormalization()(y)
            y = layers.ReLU()(y)
        y = layers.AveragePooling2D(pool_size=(25, 5))(y)
        y = layers.Flatten()(y)
        y = layers.Dense(12)(y)
        return keras.Model(x, layers.Softmax()(y))

    @model("evonas_like", "An EvoNAS-size number model: conv/BN/pool stacks, unfused BN (MUL+ADD), dense 100, softmax")
    def _():
        x = inp((49, 40, 1))
        y = x
        for filters in (16, 32, 48):
            y = layers.Conv2D(filters, 3, padding="same", activation="relu")(y)
            y = layers.BatchNormalization()(y)
            y = layers.MaxPooling2D(2)(y)
        y = layers.Conv2D(64, 3, padding="same", activation="relu")(y)
        y = layers.GlobalAveragePooling2D()(y)
        y = layers.Dense(100)(y)
        return keras.Model(x, layers.Softmax()(y))

    # The other MLPerf Tiny v1.0 benchmarks, layer for layer as mlcommons/tiny's training scripts build them
    # (training/image_classification/keras_model.py, training/visual_wake_words/vww_model.py,
    # training/anomaly_detection/keras_model.py). Only their shapes matter (the cycle model's out-of-sample check),
    # so they are written as .tflite alone, to mlperf/, without tflite-micro outputs.
    @model("resnet8_ic", "MLPerf Tiny IC ResNet-8 (32x32x3 CIFAR-10, 16/32/64 filters, 10 classes)", cost_only=True)
    def _():
        x = inp((32, 32, 3))

        def conv(y, filters, kernel, strides=1, relu=True):
            y = layers.Conv2D(filters, kernel, strides=strides, padding="same")(y)
            y = layers.BatchNormalization()(y)
            return layers.ReLU()(y) if relu else y

        y = conv(x, 16, 3)
        for filters, strides in ((16, 1), (32, 2), (64, 2)):
            z = conv(conv(y, filters, 3, strides), filters, 3, relu=False)
            shortcut = y if strides == 1 else layers.Conv2D(filters, 1, strides=strides, padding="same")(y)
            y = layers.ReLU()(layers.Add()([shortcut, z]))
        y = layers.AveragePooling2D(pool_size=8)(y)
        y = layers.Flatten()(y)
        return keras.Model(x, layers.Softmax()(layers.Dense(10)(y)))

    @model("mobilenet_vww", "MLPerf Tiny VWW MobileNetV1 0.25 (96x96x3, 2 classes)", cost_only=True)
    def _():
        x = inp((96, 96, 3))
        y = layers.ReLU()(layers.BatchNormalization()(layers.Conv2D(8, 3, strides=2, padding="same")(x)))
        for filters, strides in ((16, 1), (32, 2), (32, 1), (64, 2), (64, 1), (128, 2), (128, 1), (128, 1),
                                 (128, 1), (128, 1), (128, 1), (256, 2), (256, 1)):
            y = layers.DepthwiseConv2D(3, strides=strides, padding="same")(y)
            y = layers.ReLU()(layers.BatchNormalization()(y))
            y = layers.ReLU()(layers.BatchNormalization()(layers.Conv2D(filters, 1)(y)))
        y = layers.AveragePooling2D(pool_size=(3, 3))(y)
        y = layers.Flatten()(y)
        return keras.Model(x, layers.Softmax()(layers.Dense(2)(y)))

    @model("fc_autoencoder_ad", "MLPerf Tiny AD FC autoencoder (640 -> 128x4 -> 8 -> 128x4 -> 640)", cost_only=True)
    def _():
        x = inp((640,))
        y = x
        for units in (128, 128, 128, 128, 8, 128, 128, 128, 128):
            y = layers.ReLU()(layers.BatchNormalization()(layers.Dense(units)(y)))
        return keras.Model(x, layers.Dense(640)(y))

    return models


def randomise(model, rng):
    """Keras initialises biases to 0 and batch norms to identity; fixtures need all of them to matter."""
    for layer in model.layers:
        for var in layer.weights:
            shape = tuple(var.shape)
            path = var.path if hasattr(var, "path") else var.name
            if path.endswith("gamma"):
                value = rng.uniform(0.5, 1.5, shape)
            elif path.endswith("moving_variance"):
                value = rng.uniform(0.5, 2.0, shape)
            elif path.endswith(("beta", "moving_mean", "bias")):
                value = rng.normal(0.0, 0.3, shape)
            else:
                value = var.numpy()
            var.assign(value.astype(np.float32))


def convert(spec, model, rng):
    import tensorflow as tf

    shapes = [tuple(t.shape) for t in model.inputs]
    samples = [[rng.normal(0.0, 1.0, s).astype(np.float32) for s in shapes] for _ in range(64)]

    def representative():
        for sample in samples:
            yield sample

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    if not spec["float_io"]:
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    if spec["per_tensor_dense"]:
        converter._experimental_disable_per_channel_quantization_for_dense_layers = True
    return converter.convert()


# --------------------------------------------------------------------------------------------------------------------
# Reading the converted model (the TFLite schema's Python object API) and running it in TFLM.


def schema():
    from tensorflow.lite.python import schema_py_generated as s
    return s


def op_names():
    s = schema()
    return {v: k for k, v in vars(s.BuiltinOperator).items() if not k.startswith("_")}


def options_dict(options):
    if options is None:
        return {}
    out = {}
    for key, value in vars(options).items():
        if isinstance(value, np.ndarray):
            value = value.tolist()
        out[key] = value
    return out


def tensor_type_name(code):
    s = schema()
    return {v: k for k, v in vars(s.TensorType).items() if not k.startswith("_")}[code]


NUMPY_TYPES = {"INT8": np.int8, "INT16": np.int16, "INT32": np.int32, "FLOAT32": np.float32, "INT64": np.int64,
               "UINT8": np.uint8}


def encode(array):
    array = np.ascontiguousarray(array)
    return base64.b64encode(array.astype(array.dtype.newbyteorder("<")).tobytes()).decode("ascii")


def kernel_cases(model_bytes, tensors_by_index):
    """The operators of a model with their tensors; `tensors_by_index` holds TFLM's values for batch element 0."""
    s = schema()
    m = s.ModelT.InitFromPackedBuf(model_bytes, 0)
    names = op_names()
    graph = m.subgraphs[0]
    cases = []
    for index, op in enumerate(graph.operators):
        code = m.operatorCodes[op.opcodeIndex]
        builtin = max(code.builtinCode, code.deprecatedBuiltinCode)

        def describe(t):
            if t < 0:
                return None
            tensor = graph.tensors[t]
            kind = tensor_type_name(tensor.type)
            entry = dict(index=int(t), shape=[int(d) for d in tensor.shape], type=kind)
            q = tensor.quantization
            if q is not None and q.scale is not None and len(q.scale) > 0:
                entry["scales"] = [float(np.float32(v)) for v in q.scale]
                entry["zero_points"] = [int(v) for v in q.zeroPoint]
                entry["quantized_dimension"] = int(q.quantizedDimension)
            buffer = m.buffers[tensor.buffer]
            if buffer.data is not None and len(buffer.data) > 0:
                data = np.frombuffer(bytes(bytearray(buffer.data)), dtype=NUMPY_TYPES[kind])
                entry["constant"] = True
            else:
                data = tensors_by_index.get(int(t))
                entry["constant"] = False
            if data is not None:
                entry["data"] = encode(np.asarray(data, dtype=NUMPY_TYPES[kind]).reshape(-1))
            return entry

        case = dict(op_index=index, op=names[builtin], options=options_dict(op.builtinOptions),
                    inputs=[describe(t) for t in op.inputs], outputs=[describe(t) for t in op.outputs])
        case["tflm_multipliers"] = effective_multipliers(case)
        cases.append(case)
    return cases


def effective_multipliers(case):
    """The multipliers/shifts TFLM's Prepare derives from the scales, for ops whose derivation is a plain product."""
    op = case["op"]
    if op not in ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"):
        return None
    x, w = case["inputs"][0], case["inputs"][1]
    y = case["outputs"][0]
    result = []
    for filter_scale in w["scales"]:
        # PopulateConvolutionQuantizationParams: double(input) * double(filter) / double(output).
        effective = float(x["scales"][0]) * float(filter_scale) / float(y["scales"][0])
        multiplier, shift = quantize_multiplier(effective)
        result.append(dict(effective_scale=effective, multiplier=multiplier, shift=shift))
    return result


def run_tflm(model_bytes, inputs, preserve):
    from tflite_micro.python.tflite_micro import runtime

    config = runtime.InterpreterConfig.kPreserveAllTensors if preserve else runtime.InterpreterConfig.kAllocationRecording
    interpreter = runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES, intrepreter_config=config)
    outputs = []
    tensors = {}
    for n in range(inputs[0].shape[0]):
        for i, batch in enumerate(inputs):
            interpreter.set_input(batch[n], i)
        interpreter.invoke()
        outputs.append([np.array(interpreter.get_output(o)) for o in range(count_outputs(model_bytes))])
        if preserve and n == 0:
            for t in range(count_tensors(model_bytes)):
                try:
                    tensors[t] = np.array(interpreter.GetTensor(t, 0)["tensor_data"])
                except Exception:  # constant or unallocated tensors
                    pass
    stacked = [np.stack([o[k] for o in outputs]) for k in range(len(outputs[0]))]
    return stacked, tensors


def count_outputs(model_bytes):
    return len(schema().ModelT.InitFromPackedBuf(model_bytes, 0).subgraphs[0].outputs)


def count_tensors(model_bytes):
    return len(schema().ModelT.InitFromPackedBuf(model_bytes, 0).subgraphs[0].tensors)


def arena_usage(path, input_shapes, input_types):
    """Runs the model once in a subprocess with the recording allocator and parses what it prints."""
    child = subprocess.run([sys.executable, __file__, "--print-allocations", str(path)], capture_output=True,
                           text=True, timeout=300)
    if child.returncode != 0:
        raise RuntimeError(f"allocation probe failed for {path}: {child.stderr[-2000:]}")
    lines = [line for line in child.stderr.splitlines() if line.startswith("[RecordingMicroAllocator]")]
    usage = dict(lines=lines)
    for line in lines:
        total = re.search(r"Arena allocation (total|head|tail) (\d+) bytes", line)
        if total:
            usage[total.group(1)] = int(total.group(2))
            continue
        part = re.search(r"'(.+)' used (\d+) bytes with alignment overhead \(requested (\d+) bytes for (\d+)", line)
        if part:
            usage.setdefault("records", []).append(dict(name=part.group(1), used=int(part.group(2)),
                                                        requested=int(part.group(3)), count=int(part.group(4))))
    return usage


def print_allocations(path):
    from tflite_micro.python.tflite_micro import runtime

    model_bytes = Path(path).read_bytes()
    interpreter = runtime.Interpreter.from_bytes(model_bytes, arena_size=ARENA_BYTES)
    m = schema().ModelT.InitFromPackedBuf(model_bytes, 0)
    graph = m.subgraphs[0]
    for i, t in enumerate(graph.inputs):
        tensor = graph.tensors[t]
        interpreter.set_input(np.zeros(tensor.shape, NUMPY_TYPES[tensor_type_name(tensor.type)]), i)
    interpreter.invoke()
    sys.stderr.flush()
    interpreter.print_allocations()


def random_inputs(model_bytes, rng):
    m = schema().ModelT.InitFromPackedBuf(model_bytes, 0)
    graph = m.subgraphs[0]
    batches = []
    for t in graph.inputs:
        tensor = graph.tensors[t]
        shape = [BATCH] + [int(d) for d in tensor.shape]
        kind = tensor_type_name(tensor.type)
        if kind == "INT8":
            batches.append(rng.integers(-128, 128, shape, dtype=np.int8))
        else:
            # Wide enough to saturate the quantizer at both ends now and then.
            batches.append((rng.normal(0.0, 1.5, shape)).astype(np.float32))
    return batches


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--print-allocations", metavar="MODEL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.print_allocations:
        print_allocations(args.print_allocations)
        return

    import tensorflow as tf

    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() and args.only else {"models": []}
    entries = {e["name"]: e for e in manifest["models"]}
    names = op_names()
    for seed, (name, spec) in enumerate(build_models(set(args.only)).items()):
        # Seeds from the name, so adding a model does not change the others.
        seed = sum(ord(c) * (i + 1) for i, c in enumerate(name)) % (2**31)
        tf.keras.utils.set_random_seed(seed)
        rng = np.random.default_rng(seed)
        model = spec["build"]()
        randomise(model, rng)
        model_bytes = convert(spec, model, rng)
        if spec["cost_only"]:
            (args.out / "mlperf").mkdir(exist_ok=True)
            (args.out / "mlperf" / f"{name}.tflite").write_bytes(model_bytes)
            print(f"mlperf/{name}: {len(model_bytes)} bytes")
            continue
        path = args.out / f"{name}.tflite"
        path.write_bytes(model_bytes)
        inputs = random_inputs(model_bytes, rng)
        outputs, tensors = run_tflm(model_bytes, inputs, preserve=True)
        check, _ = run_tflm(model_bytes, inputs, preserve=False)
        for a, b in zip(outputs, check):
            assert np.array_equal(a, b), f"{name}: TFLM outputs differ between interpreter configurations"
        for i, batch in enumerate(inputs):
            np.save(args.out / f"{name}.input{i}.npy", batch)
        for i, batch in enumerate(outputs):
            np.save(args.out / f"{name}.output{i}.npy", batch)
        cases = kernel_cases(model_bytes, tensors)
        (args.out / f"{name}.kernels.json").write_text(json.dumps(dict(model=name, cases=cases), indent=1) + "\n")
        m = schema().ModelT.InitFromPackedBuf(model_bytes, 0)
        ops = [names[max(m.operatorCodes[op.opcodeIndex].builtinCode,
                         m.operatorCodes[op.opcodeIndex].deprecatedBuiltinCode)] for op in m.subgraphs[0].operators]
        entries[name] = dict(
            name=name, description=spec["description"], model=path.name, ops=ops,
            inputs=[dict(file=f"{name}.input{i}.npy", shape=list(b.shape), dtype=str(b.dtype))
                    for i, b in enumerate(inputs)],
            outputs=[dict(file=f"{name}.output{i}.npy", shape=list(b.shape), dtype=str(b.dtype))
                     for i, b in enumerate(outputs)],
            kernels=f"{name}.kernels.json",
            tflm_arena=arena_usage(path, None, None))
        print(f"{name}: {len(model_bytes)} bytes, ops {ops}, arena {entries[name]['tflm_arena'].get('total')}")
    manifest = dict(
        oracle="tflite-micro (TFLM reference kernels), Python package " + tflm_version(),
        converter="tensorflow " + tf.__version__,
        batch_axis="inputs and outputs have a leading batch axis of size N before the model's own shape",
        arena_note="tflm_arena is what tflite-micro's RecordingMicroAllocator printed on this 64-bit host "
                   f"with a {ARENA_BYTES}-byte arena",
        models=sorted(entries.values(), key=lambda e: e["name"]))
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")


def tflm_version():
    try:
        from importlib.metadata import version
        return version("tflite-micro")
    except Exception:
        return "unknown"


if __name__ == "__main__":
    main()
