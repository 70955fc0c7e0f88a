#!/usr/bin/python3
"""Makes the shipped YOLOX-Nano detector, ``models/files/yolox-nano-coco-416.onnx``, from an ONNX
export of Megvii's YOLOX-Nano COCO weights (Apache-2.0), and its ``.names`` file beside it.

The source file (``/work/shared/real-world/yolox_nano.onnx`` by default; any export made by
YOLOX's ``tools/export_onnx.py`` without ``--decode_in_inference`` looks the same) has input
``images`` 1x3x416x416 (BGR 0-255, resized keeping the aspect ratio, top-left, padded with 114 at
the bottom and right) and output ``output`` (1, 3549, 85): per cell cx, cy, w, h before the grid
decode (strides 8, 16, 32), objectness and 80 class scores (both after a sigmoid). Its batch is
fixed at 1 by three Reshape shape initializers of value [1, 85, -1]. This script:

* sets their first element to 0 (ONNX Reshape: copy that dimension from the input), which makes
  the graph run at any batch size;
* names the input's and output's batch dimension ``batch`` (other value_info shapes are dropped,
  since they would pin the batch at 1);
* adds ``metadata_props`` in Ultralytics' format, which the Java detector reads: ``names``
  ``"{0: 'person', ...}"``, ``imgsz`` ``"[416, 416]"``, ``stride`` ``"32"``, plus ``family``
  ``"yolox"``, ``strides`` ``"[8, 16, 32]"`` and ``decoded`` ``"False"`` (boxes before the grid
  decode; an export with the decode inside would say ``"True"``);
* checks the result with ``onnx.checker`` and with OpenCV's DNN (Debian's python3-opencv; ONNX
  Runtime's Python package is not in Debian): the outputs at batch 2 and 3 equal the batch-1 output
  image by image, and batch 1 equals the source file's output; then decodes one frame of the shop
  clip and prints the people and chairs it finds.

Run from the repository root with Debian's interpreter (python3-onnx, python3-opencv):

    /usr/bin/python3 models/scripts/make_yolox.py
    /usr/bin/python3 models/scripts/make_yolox.py --source other_yolox_nano.onnx --out models/files

``make_models.py`` (beside this script) makes the project's own models; this one only converts.
"""

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np
import onnx
from onnx import numpy_helper

STEM = "yolox-nano-coco-416"
INPUT_SIZE = 416
STRIDES = (8, 16, 32)

COCO_NAMES = [
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat",
    "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog",
    "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella",
    "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
    "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
    "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
    "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant",
    "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
    "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
    "teddy bear", "hair drier", "toothbrush",
]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def make_dynamic(model):
    """Frees the batch dimension: Reshape shapes [1, 85, -1] -> [0, 85, -1], batch dims named."""
    fixed = 0
    reshape_shapes = {n.input[1] for n in model.graph.node if n.op_type == "Reshape"}
    for init in model.graph.initializer:
        if init.name not in reshape_shapes:
            continue
        shape = numpy_helper.to_array(init).copy()
        if shape.ndim == 1 and len(shape) == 3 and shape[0] == 1 and shape[2] == -1:
            shape[0] = 0
            init.CopyFrom(numpy_helper.from_array(shape, init.name))
            fixed += 1
    if fixed != 3:
        raise SystemExit(f"expected 3 Reshape initializers [1, C, -1] (one per stride), found {fixed}:"
                         " not a YOLOX export without decode?")
    for value in list(model.graph.input) + list(model.graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        dim.ClearField("dim_value")
        dim.dim_param = "batch"
    # Intermediate shapes inferred at export time carry batch 1.
    del model.graph.value_info[:]
    return fixed


def add_metadata(model, names):
    props = {
        "description": "YOLOX-Nano, COCO 80 classes (Megvii, Apache-2.0), converted by models/scripts/make_yolox.py",
        "author": "Megvii (YOLOX)",
        "license": "Apache-2.0",
        "task": "detect",
        "family": "yolox",
        "decoded": "False",
        "strides": str(list(STRIDES)),
        "stride": str(max(STRIDES)),
        "batch": "-1",
        "imgsz": str([INPUT_SIZE, INPUT_SIZE]),
        "channels": "3",
        "names": str(dict(enumerate(names))),
    }
    del model.metadata_props[:]
    for key, value in props.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    return props


def run_dnn(path, batch):
    net = cv2.dnn.readNetFromONNX(str(path))
    net.setInput(batch)
    return net.forward()


def preprocess(bgr):
    """YOLOX's preprocessing: resize keeping the ratio, top-left, 114 padding, BGR 0-255."""
    r = min(INPUT_SIZE / bgr.shape[0], INPUT_SIZE / bgr.shape[1])
    resized = cv2.resize(bgr, (int(bgr.shape[1] * r), int(bgr.shape[0] * r)), interpolation=cv2.INTER_LINEAR)
    padded = np.full((INPUT_SIZE, INPUT_SIZE, 3), 114, dtype=np.uint8)
    padded[: resized.shape[0], : resized.shape[1]] = resized
    return padded.transpose(2, 0, 1).astype(np.float32), r


def decode(raw):
    """YOLOX's grid decode: xy = (raw + grid) * stride, wh = exp(raw) * stride."""
    grids, strides = [], []
    for s in STRIDES:
        h = w = INPUT_SIZE // s
        yv, xv = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
        grids.append(np.stack((xv, yv), 2).reshape(-1, 2))
        strides.append(np.full((h * w, 1), s))
    grid = np.concatenate(grids).astype(np.float32)
    stride = np.concatenate(strides).astype(np.float32)
    out = raw.copy()
    out[..., :2] = (raw[..., :2] + grid) * stride
    out[..., 2:4] = np.exp(raw[..., 2:4]) * stride
    return out


def check(source, target, frame_path, frame_index):
    rng = np.random.default_rng(0)
    images = rng.uniform(0, 255, size=(3, 3, INPUT_SIZE, INPUT_SIZE)).astype(np.float32)
    if frame_path is not None:
        cap = cv2.VideoCapture(str(frame_path))
        cap.set(cv2.CAP_PROP_POS_FRAMES, frame_index)
        ok, frame = cap.read()
        if ok:
            images[0], ratio = preprocess(frame)
        else:
            log(f"cannot read frame {frame_index} of {frame_path}: random pixels only")
            frame = None
    else:
        frame = None
    single = [run_dnn(target, images[i : i + 1]) for i in range(3)]
    source_out = run_dnn(source, images[0:1])
    diff_source = float(np.abs(single[0] - source_out).max())
    batch2 = run_dnn(target, images[:2])
    batch3 = run_dnn(target, images)
    if batch2.shape[0] != 2 or batch3.shape[0] != 3:
        raise SystemExit(f"batched outputs have shapes {batch2.shape} and {batch3.shape}")
    diff2 = float(np.abs(batch2 - np.concatenate(single[:2])).max())
    diff3 = float(np.abs(batch3 - np.concatenate(single)).max())
    log(f"OpenCV DNN {cv2.__version__}: output {single[0].shape}; max |batch 2 - batch 1| {diff2:.2e},"
        f" max |batch 3 - batch 1| {diff3:.2e}, max |converted - source| at batch 1 {diff_source:.2e}")
    if max(diff2, diff3, diff_source) > 1e-4:
        raise SystemExit("batched outputs differ from batch-1 outputs")
    if frame is not None:
        dets = decode(single[0])[0]
        scores = dets[:, 4:5] * dets[:, 5:]
        cls = scores.argmax(1)
        conf = scores.max(1)
        keep = conf >= 0.25
        boxes = np.stack([dets[:, 0] - dets[:, 2] / 2, dets[:, 1] - dets[:, 3] / 2,
                          dets[:, 0] + dets[:, 2] / 2, dets[:, 1] + dets[:, 3] / 2], 1) / ratio
        boxes, cls, conf = boxes[keep], cls[keep], conf[keep]
        for c in sorted(set(cls.tolist())):
            of_c = np.flatnonzero(cls == c)
            xywh = [[float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])] for b in boxes[of_c]]
            for i in np.array(cv2.dnn.NMSBoxes(xywh, conf[of_c].tolist(), 0.25, 0.45)).flatten():
                b = boxes[of_c[i]]
                log(f"  frame {frame_index}: {COCO_NAMES[c]} {conf[of_c[i]]:.2f}"
                    f" at ({b[0]:.0f}, {b[1]:.0f}, {b[2]:.0f}, {b[3]:.0f})")
    return {"batch2": diff2, "batch3": diff3, "source": diff_source}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=Path("/work/shared/real-world/yolox_nano.onnx"))
    ap.add_argument("--out", type=Path, default=Path("models/files"))
    ap.add_argument("--frame", type=Path, default=Path("footage/Retail02_short.mp4"),
                    help="a video whose frame --frame-index the check decodes")
    ap.add_argument("--frame-index", type=int, default=400)
    args = ap.parse_args()

    model = onnx.load(str(args.source))
    fixed = make_dynamic(model)
    props = add_metadata(model, COCO_NAMES)
    onnx.checker.check_model(model)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{STEM}.onnx"
    onnx.save(model, str(target))
    (args.out / f"{STEM}.names").write_text("\n".join(COCO_NAMES) + "\n", encoding="utf-8")
    log(f"wrote {target} ({target.stat().st_size:,} bytes): {fixed} Reshape shapes freed, batch dims named;"
        f" metadata_props {sorted(props)}; and {STEM}.names ({len(COCO_NAMES)} classes)")
    check(args.source, target, args.frame if args.frame.is_file() else None, args.frame_index)


if __name__ == "__main__":
    main()
