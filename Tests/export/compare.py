"""Loads every exported model in real PyTorch, Keras 3 and onnxruntime and
compares its outputs with dlrepl's, read from the dump models.dl printed.
Usage: compare.py DIR DUMP   (exits 1 on any mismatch or failure)"""
import importlib.util
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")  # the written files pick no backend

import numpy as np  # noqa: E402

# Keras warns that a softmax over one step is always 1: attention on features
# only (each sample one step) is exactly that, in dlrepl as in Keras.
warnings.filterwarnings("ignore", message="You are using a softmax over axis -1")

TOLERANCE = 1e-5


def read_dump(path):
    tensors, lines, i = {}, open(path).read().split("\n"), 0
    while i < len(lines):
        if lines[i].startswith("tensor "):
            name = lines[i].split(" ", 1)[1]
            shape = [int(s) for s in lines[i + 1].strip("[]").split(",") if s.strip()]
            n = int(np.prod(shape))
            values = [float(v) for v in lines[i + 2 : i + 2 + n]]
            tensors[name] = np.array(values, dtype=np.float32).reshape(shape)
            i += 2 + n
        else:
            i += 1
    return tensors


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.model


def run_torch(path, x, ids):
    import torch

    model = load(path, "exported_torch")
    assert isinstance(model, torch.nn.Module), "model is not an nn.Module"
    with torch.no_grad():
        xt = torch.from_numpy(x.astype(np.int64)) if ids else torch.from_numpy(x)
        return model(xt).numpy()


def run_keras(path, x, ids):
    import keras

    model = load(path, "exported_keras")
    assert isinstance(model, keras.Model), "model is not a keras.Model"
    return keras.ops.convert_to_numpy(model(x.astype(np.int64) if ids else x, training=False))


def run_onnx(path, x, ids):
    import onnx
    import onnxruntime

    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    inputs, outputs = session.get_inputs(), session.get_outputs()
    assert [i.name for i in inputs] == ["x"], f"inputs {[i.name for i in inputs]}"
    assert [o.name for o in outputs] == ["y"], f"outputs {[o.name for o in outputs]}"
    want = "tensor(int64)" if ids else "tensor(float)"
    assert inputs[0].type == want, f"input type {inputs[0].type}, expected {want}"
    return session.run(["y"], {"x": x.astype(np.int64) if ids else x})[0]


def main():
    folder, dump = sys.argv[1], sys.argv[2]
    tensors = read_dump(dump)
    names = sorted({k.rsplit(".", 1)[0] for k in tensors})
    if not names:
        print("FAIL: the dump holds no models")
        return 1
    passed, failed, worst, runs = 0, 0, {}, {}
    targets = [("pytorch", ".py", run_torch), ("keras", "_keras.py", run_keras), ("onnx", ".onnx", run_onnx)]
    for name in names:
        x, y = tensors[name + ".x"], tensors[name + ".y"]
        # name@variant: the same files on other input (a shorter sequence), not for ONNX's fixed length.
        base, variant = name.split("@")[0], "@" in name
        ids = base.endswith("_ids")
        for fmt, suffix, run in targets:
            if variant and fmt == "onnx":
                continue
            try:
                got = np.asarray(run(os.path.join(folder, base + suffix), x, ids))
                if got.shape != y.shape:
                    raise AssertionError(f"shape {list(got.shape)}, dlrepl gives {list(y.shape)}")
                err = float(np.max(np.abs(got.astype(np.float64) - y)))
                worst[fmt] = max(worst.get(fmt, 0.0), err)
                runs[fmt] = runs.get(fmt, 0) + 1
                if not err <= TOLERANCE:
                    raise AssertionError(f"max abs error {err:.3g} > {TOLERANCE}")
                passed += 1
            except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the rest
                failed += 1
                print(f"FAIL: {name} in {fmt}: {type(e).__name__}: {e}")
    for fmt, err in worst.items():
        print(f"export: {fmt} max abs error {err:.3g} over {runs[fmt]} runs")
    print(f"export: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
