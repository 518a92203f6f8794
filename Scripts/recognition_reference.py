#!/usr/bin/env python3
"""What a spokend model answers for a WAV file, computed without spokend: the oracle for `Recognizer`.

Usage: recognition_reference.py MODEL.tflite FILE.wav FRONTEND.json
Prints JSON: probabilities (the int8 output dequantized), index (numpy argmax), input (the int8 features, flat).

libsndfile reads the file (channels averaged); another rate goes through scipy's resample_poly with the filter
spokend documents (make_resampler_fixtures.design); features are librosa's, fitted to the model's frames
(make_dsp_fixtures.log_mel); they are quantized as TFLite's QUANTIZE does (round half away from zero, saturate) with
the input tensor's scale and zero point, and the model runs in tflite-micro (TFLM's reference kernels).
"""

import json
import sys
from pathlib import Path

import numpy as np
import scipy.signal
import soundfile
from tflite_micro.python.tflite_micro import runtime

sys.path.insert(0, str(Path(__file__).parent))
from make_dsp_fixtures import log_mel  # noqa: E402
from make_resampler_fixtures import design  # noqa: E402

model, wav, config_path = sys.argv[1:4]
cfg = json.loads(Path(config_path).read_text())
data, rate = soundfile.read(wav, dtype="float64", always_2d=True)
y = data.mean(axis=1)
if rate != cfg["sample_rate"]:
    up, down, _, taps = design(rate, cfg["sample_rate"])
    y = scipy.signal.resample_poly(y, up, down, window=taps)
features = log_mel(cfg, y.astype(np.float32)).astype(np.float32)

interpreter = runtime.Interpreter.from_bytes(Path(model).read_bytes(), arena_size=1 << 20)
details = interpreter.get_input_details(0)
scale = float(details["quantization_parameters"]["scales"][0])
zero_point = int(details["quantization_parameters"]["zero_points"][0])
scaled = features.astype(np.float32) / np.float32(scale)
quantized = np.clip(np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) + zero_point, -128, 127).astype(np.int8)
interpreter.set_input(quantized.reshape(details["shape"]), 0)
interpreter.invoke()
out = np.array(interpreter.get_output(0)).reshape(-1)
output = interpreter.get_output_details(0)["quantization_parameters"]
probabilities = (out.astype(np.float64) - int(output["zero_points"][0])) * float(output["scales"][0])
print(json.dumps(dict(
    probabilities=probabilities.tolist(),
    index=int(np.argmax(probabilities)),
    input=quantized.reshape(-1).astype(int).tolist(),
)))
