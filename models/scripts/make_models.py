#!/usr/bin/python3
"""Builds the TorchScript detectors that ship with streamyolo.

It makes two files (each with a ``.names`` file beside it, one class name per line):

* ``yolov8n-structure-untrained-640.torchscript``: the real Ultralytics YOLOv8n structure
  (width 0.25, depth 0.33, DFL head, 80 COCO classes, about 3.15 M parameters) with RANDOM
  weights. It detects nothing; it exists so that speed can be measured on the real compute
  graph, since no pretrained weights can be downloaded here.
* ``shapes-yolo-320.torchscript``: a small YOLOv8-style detector (about 1.1 M parameters,
  320x320 input, 4 classes: circle, square, triangle, star) trained here on synthetic scenes
  from the Java scene generator (``testing/fixtures``, through ``io.streamyolo.scene.SceneStream``
  in the models module's tests, which letterboxes as the detector does), and evaluated on held-out
  scenes.

Both follow the Ultralytics TorchScript export layout: traced at batch 1 (other batch sizes
work too), input (B, 3, H, W) float RGB in [0, 1], letterboxed with grey 114 padding; output
one tensor (B, 4 + nc, N): rows 0-3 are cx, cy, w, h in input pixels, rows 4.. are sigmoid
class scores; no NMS inside. The metadata JSON (names, imgsz, stride, task) is stored as the
TorchScript extra file ``config.txt``, as Ultralytics does.

Each model is also exported to ONNX beside it (``.onnx``: opset 13, dynamic batch, the same
metadata as ONNX ``metadata_props`` in Ultralytics' format, e.g. names "{0: 'circle', ...}"),
from the module built here with the weights of the ``.torchscript`` file; the export checks
that ONNX Runtime gives the TorchScript output.

Run from the repository root with Debian's interpreter (the one that sees python3-torch):

    /usr/bin/python3 models/scripts/make_models.py                 # both models
    /usr/bin/python3 models/scripts/make_models.py --only v8n      # seconds
    /usr/bin/python3 models/scripts/make_models.py --only shapes --minutes 25
    /usr/bin/python3 models/scripts/make_models.py --onnx-only    # ONNX of the shipped files

The shipped shapes model was made with ``--only shapes --minutes 40``: the two cores here are
shared with Maven builds, so training ran at ~13 img/s (32 k images); held-out precision 0.998,
recall 1.000, mAP50 1.000 on 300 scenes.

The third shipped model, ``yolox-nano-coco-416.onnx`` (Megvii's YOLOX-Nano COCO weights, Apache-2.0),
is not made here: ``make_yolox.py`` beside this script converts an existing ONNX export of it (dynamic
batch, metadata) and needs only python3-onnx and python3-opencv.

Training needs the compiled scene generator (``mvn -pl models -am test-compile``, or
``--classpath`` pointing at classes compiled with javac; without either, it is compiled with javac).
Seeds: training uses seeds >= 1,000,000 and the evaluation 500,000..; seeds below 500,000 belong to
the Java tests.
"""

import argparse
import atexit
import copy
import json
import math
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[2]

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
SHAPE_NAMES = ["circle", "square", "triangle", "star"]
V8N_FILE = "yolov8n-structure-untrained-640.torchscript"
SHAPES_FILE = "shapes-yolo-320.torchscript"

TRAIN_SEED_START = 1_000_000  # seeds below 1,000,000 are never used for training
EVAL_SEED_START = 500_000  # held out: 500,000..999,999 (below 500,000: Java tests)


def log(*args):
    # The training runs as a background job with its output in a log file: flush every line.
    print(*args, flush=True)


# ================================================================================================
# Scene stream reader
# ================================================================================================

class SceneStream:
    """Reads scenes from ``java io.streamyolo.scene.SceneStream`` subprocesses on background
    threads, so that the Java generator (~10-15 ms per scene) overlaps training.

    Each record: int32 n; n x (int32 class, float32 x1, y1, x2, y2); size*size*3 uint8 RGB (HWC).
    Queue items are (image uint8 (size, size, 3), boxes float32 (n, 4) xyxy, classes int64 (n,)).
    """

    def __init__(self, classpath, seed_starts, count, size, maxsize=512):
        self.size = size
        self.queue = queue.Queue(maxsize=maxsize)
        self.procs = []
        self.errors = []
        self.stopping = False
        self.threads = []
        for seed_start in seed_starts:
            cmd = ["java", "-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                   "-cp", str(classpath), "io.streamyolo.scene.SceneStream",
                   "--seed-start", str(seed_start), "--count", str(count), "--size", str(size)]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, bufsize=1 << 20)
            self.procs.append(proc)
            t = threading.Thread(target=self._read, args=(proc,), daemon=True)
            t.start()
            self.threads.append(t)

    def _read(self, proc):
        size = self.size
        nbytes = size * size * 3
        rec = np.dtype([("cls", "<i4"), ("box", "<f4", (4,))])
        f = proc.stdout
        try:
            while not self.stopping:
                head = f.read(4)
                if len(head) < 4:
                    break  # end of stream
                (n,) = struct.unpack("<i", head)
                raw = f.read(20 * n)
                img = f.read(nbytes)
                if len(raw) < 20 * n or len(img) < nbytes:
                    raise EOFError("truncated scene record")
                boxes = np.frombuffer(raw, dtype=rec, count=n)
                image = np.frombuffer(img, dtype=np.uint8).reshape(size, size, 3)
                item = (image, boxes["box"].astype(np.float32).reshape(n, 4),
                        boxes["cls"].astype(np.int64))
                while not self.stopping:
                    try:
                        self.queue.put(item, timeout=0.5)
                        break
                    except queue.Full:
                        pass
        except Exception as e:  # surfaced to the consumer by get()
            self.errors.append(e)
        finally:
            self.queue.put(None)  # one end marker per reader thread

    def get(self, block=True):
        """Next scene, or None when all streams ended; raises queue.Empty if not block."""
        while True:
            item = self.queue.get(block=block, timeout=None if block else 0)
            if item is None:
                self._ended = getattr(self, "_ended", 0) + 1
                if self.errors:
                    raise RuntimeError("scene generator failed") from self.errors[0]
                if self._ended >= len(self.procs):
                    return None
                continue
            return item

    def close(self):
        self.stopping = True
        for p in self.procs:
            if p.poll() is None:
                p.kill()  # our own subprocesses, by handle
            p.wait()
        # Drain so that blocked reader threads can finish.
        try:
            while True:
                self.queue.get_nowait()
        except queue.Empty:
            pass


def find_classpath(arg):
    """The generator's classes: --classpath, else the Maven build, else compile with javac.

    SceneStream is in the models module's tests, the scene generator in testing/fixtures and the
    letterbox in the models module.
    """
    if arg:
        return Path(arg)
    built = [REPO / "models" / "target" / "test-classes", REPO / "models" / "target" / "classes",
             REPO / "testing" / "fixtures" / "target" / "classes"]
    needed = [built[0] / "io" / "streamyolo" / "scene" / "SceneStream.class",
              built[1] / "io" / "streamyolo" / "model" / "preprocess" / "Letterbox.class",
              built[2] / "io" / "streamyolo" / "scene" / "SyntheticScene.class"]
    if all(f.exists() for f in needed):
        # A private copy: a `mvn clean` or recompile during the long run must not pull the
        # classes away from the evaluation's JVM, or change the generator between the two.
        copy_dir = Path(tempfile.mkdtemp(prefix="scenecls-"))
        atexit.register(shutil.rmtree, copy_dir, True)
        for d in built:
            shutil.copytree(d / "io", copy_dir / "io", dirs_exist_ok=True)
        log(f"scene generator: {', '.join(map(str, built))} (copied to {copy_dir})")
        return copy_dir
    out = Path(tempfile.mkdtemp(prefix="scenecls-"))
    atexit.register(shutil.rmtree, out, True)
    scene = REPO / "testing" / "fixtures" / "src" / "main" / "java" / "io" / "streamyolo" / "scene"
    # SceneVideo needs FFmpeg (JavaCV), which plain javac does not see; the stream does not use it.
    files = sorted(str(p) for p in scene.glob("*.java") if p.name != "SceneVideo.java")
    files += [str(REPO / "models" / "src" / "test" / "java" / "io" / "streamyolo" / "scene" / "SceneStream.java"),
              str(REPO / "models" / "src" / "main" / "java" / "io" / "streamyolo" / "model" / "preprocess"
                  / "Letterbox.java")]
    log(f"compiling the scene generator into {out} (no Maven build found)")
    subprocess.run(["javac", "-d", str(out)] + files, check=True)
    return out


def read_scenes(classpath, seed_start, count, size):
    """All `count` scenes from one generator run, as a list (used for evaluation)."""
    stream = SceneStream(classpath, [seed_start], count, size, maxsize=64)
    scenes = []
    try:
        while True:
            s = stream.get()
            if s is None:
                break
            scenes.append(s)
    finally:
        stream.close()
    if len(scenes) != count:
        raise RuntimeError(f"expected {count} scenes, got {len(scenes)}")
    return scenes


# ================================================================================================
# Networks
# ================================================================================================

class Conv(nn.Module):
    """Conv2d + BatchNorm + SiLU, as Ultralytics' Conv (BN eps 1e-3, momentum 0.03)."""

    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))

    def fuse(self):
        """Folds BN into the conv for export: fewer ops and a smaller file."""
        w = self.conv.weight
        std = (self.bn.running_var + self.bn.eps).sqrt()
        scale = self.bn.weight / std
        fused = nn.Conv2d(self.conv.in_channels, self.conv.out_channels, self.conv.kernel_size,
                          self.conv.stride, self.conv.padding, bias=True)
        fused.weight.data = w.data * scale.view(-1, 1, 1, 1)
        fused.bias.data = self.bn.bias.data - self.bn.running_mean * scale
        self.conv = fused
        self.bn = nn.Identity()


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True):
        super().__init__()
        self.cv1 = Conv(c1, c2, 3)
        self.cv2 = Conv(c2, c2, 3)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    """CSP bottleneck with 2 convolutions, YOLOv8's main block."""

    def __init__(self, c1, c2, n=1, shortcut=False):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c_ * 4, c2, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Backbone(nn.Module):
    """YOLOv8 backbone + PAN/FPN neck; returns P3, P4, P5 (strides 8, 16, 32).

    ``w`` are the channel widths of the five stages, ``n`` the C2f depths of backbone
    stages 2-5; the neck's C2f blocks use depth ``n_head``.
    """

    def __init__(self, w, n, n_head):
        super().__init__()
        w1, w2, w3, w4, w5 = w
        self.b0 = Conv(3, w1, 3, 2)
        self.b1 = Conv(w1, w2, 3, 2)
        self.b2 = C2f(w2, w2, n[0], True)
        self.b3 = Conv(w2, w3, 3, 2)
        self.b4 = C2f(w3, w3, n[1], True)
        self.b5 = Conv(w3, w4, 3, 2)
        self.b6 = C2f(w4, w4, n[2], True)
        self.b7 = Conv(w4, w5, 3, 2)
        self.b8 = C2f(w5, w5, n[3], True)
        self.b9 = SPPF(w5, w5, 5)
        self.up = nn.Upsample(scale_factor=2.0, mode="nearest")
        self.h12 = C2f(w5 + w4, w4, n_head)
        self.h15 = C2f(w4 + w3, w3, n_head)
        self.h16 = Conv(w3, w3, 3, 2)
        self.h18 = C2f(w3 + w4, w4, n_head)
        self.h19 = Conv(w4, w4, 3, 2)
        self.h21 = C2f(w4 + w5, w5, n_head)
        self.out_channels = (w3, w4, w5)

    def forward(self, x):
        x = self.b2(self.b1(self.b0(x)))
        p3 = self.b4(self.b3(x))
        p4 = self.b6(self.b5(p3))
        p5 = self.b9(self.b8(self.b7(p4)))
        h12 = self.h12(torch.cat((self.up(p5), p4), 1))
        h15 = self.h15(torch.cat((self.up(h12), p3), 1))
        h18 = self.h18(torch.cat((self.h16(h15), h12), 1))
        h21 = self.h21(torch.cat((self.h19(h18), p5), 1))
        return [h15, h18, h21]


def make_anchors(feats, strides):
    """Cell centres (A, 2) in grid units and the stride of each cell (A, 1), as Ultralytics.

    Computed from the feature shapes (not cached) so that tracing records them the way
    Ultralytics' export does; the order is P3 row-major, then P4, then P5.
    """
    points, stride_t = [], []
    for f, s in zip(feats, strides):
        h, w = f.shape[2], f.shape[3]
        sx = torch.arange(w, dtype=f.dtype, device=f.device) + 0.5
        sy = torch.arange(h, dtype=f.dtype, device=f.device) + 0.5
        gy, gx = torch.meshgrid(sy, sx, indexing="ij")
        points.append(torch.stack((gx, gy), -1).view(-1, 2))
        stride_t.append(torch.full((h * w, 1), float(s), dtype=f.dtype, device=f.device))
    return torch.cat(points), torch.cat(stride_t)


class DFL(nn.Module):
    """Distribution focal loss integral: expected value of a 16-bin distance distribution."""

    def __init__(self, c1=16):
        super().__init__()
        self.conv = nn.Conv2d(c1, 1, 1, bias=False).requires_grad_(False)
        self.conv.weight.data[:] = torch.arange(c1, dtype=torch.float).view(1, c1, 1, 1)
        self.c1 = c1

    def forward(self, x):
        b, _, a = x.shape
        return self.conv(x.view(b, 4, self.c1, a).transpose(2, 1).softmax(1)).view(b, 4, a)


class DetectDFL(nn.Module):
    """Ultralytics' YOLOv8 Detect head: decoupled box (DFL, reg_max 16) and class branches."""

    def __init__(self, nc, ch, strides=(8, 16, 32), reg_max=16):
        super().__init__()
        self.nc, self.reg_max, self.strides = nc, reg_max, strides
        c2 = max(16, ch[0] // 4, reg_max * 4)
        c3 = max(ch[0], min(nc, 100))
        self.cv2 = nn.ModuleList(
            nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * reg_max, 1)) for x in ch)
        self.cv3 = nn.ModuleList(
            nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in ch)
        self.dfl = DFL(reg_max)
        # Ultralytics' bias init: box logits 1.0, class prior ~5 objects per 640 image.
        for a, b, s in zip(self.cv2, self.cv3, strides):
            a[-1].bias.data[:] = 1.0
            b[-1].bias.data[: nc] = math.log(5 / nc / (640 / s) ** 2)

    def forward(self, feats):
        b = feats[0].shape[0]
        x = [torch.cat((self.cv2[i](f), self.cv3[i](f)), 1) for i, f in enumerate(feats)]
        xcat = torch.cat([xi.view(b, self.nc + 4 * self.reg_max, -1) for xi in x], 2)
        box, cls = xcat.split((4 * self.reg_max, self.nc), 1)
        anchors, strides = make_anchors(feats, self.strides)
        dist = self.dfl(box)  # (b, 4, A): l, t, r, b in grid units
        lt, rb = dist.chunk(2, 1)
        a = anchors.transpose(0, 1).unsqueeze(0)
        x1y1, x2y2 = a - lt, a + rb
        xywh = torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), 1) * strides.transpose(0, 1)
        return torch.cat((xywh, cls.sigmoid()), 1)


class YOLOv8n(nn.Module):
    """YOLOv8n (yolov8.yaml at depth 0.33, width 0.25): 3,157,200 parameters with 80 classes."""

    def __init__(self, nc=80):
        super().__init__()
        # Widths 64..1024 x 0.25; C2f repeats 3,6,6,3 x 0.33 -> 1,2,2,1; neck repeats 3 -> 1.
        self.backbone = Backbone((16, 32, 64, 128, 256), (1, 2, 2, 1), 1)
        self.detect = DetectDFL(nc, self.backbone.out_channels)

    def forward(self, x):
        return self.detect(self.backbone(x))


class DetectDirect(nn.Module):
    """Anchor-free head without DFL: l, t, r, b = softplus(raw) * stride, one value per side.

    With 4 simple classes a distribution over 16 bins buys nothing and costs parameters;
    softplus keeps distances positive with a smooth gradient (exp would explode early on).
    In train mode it returns the raw pieces for the loss; in eval the export layout.
    """

    def __init__(self, nc, ch, strides=(8, 16, 32), c2=40, c3=40, imgsz=320):
        super().__init__()
        self.nc, self.strides = nc, strides
        self.cv2 = nn.ModuleList(
            nn.Sequential(Conv(x, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4, 1)) for x in ch)
        self.cv3 = nn.ModuleList(
            nn.Sequential(Conv(x, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for x in ch)
        for a, b, s in zip(self.cv2, self.cv3, strides):
            # softplus(1.0) = 1.3 strides per side: initial boxes of 21/42/84 px at P3/P4/P5,
            # the range of the objects, so the assigner has sensible IoUs from the start.
            a[-1].bias.data[:] = 1.0
            b[-1].bias.data[:] = math.log(5 / nc / (imgsz / s) ** 2)

    def forward(self, feats):
        b = feats[0].shape[0]
        box = torch.cat([self.cv2[i](f).view(b, 4, -1) for i, f in enumerate(feats)], 2)
        cls = torch.cat([self.cv3[i](f).view(b, self.nc, -1) for i, f in enumerate(feats)], 2)
        anchors, strides = make_anchors(feats, self.strides)
        dist = F.softplus(box) * strides.transpose(0, 1)  # (b, 4, A) in pixels
        if self.training:
            # (b, A, 4) ltrb pixels, (b, A, nc) logits, anchor centres (A, 2) in pixels
            return dist.transpose(1, 2), cls.transpose(1, 2), anchors * strides
        a = (anchors * strides).transpose(0, 1).unsqueeze(0)
        lt, rb = dist.chunk(2, 1)
        x1y1, x2y2 = a - lt, a + rb
        return torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1, cls.sigmoid()), 1)


class ShapesNet(nn.Module):
    """A slimmer YOLOv8 for 320x320 input and 4 classes: v8n's layout with P4/P5 narrowed to
    80/128 channels and 40-channel head branches: 1.10 M parameters, so that the file (4.4 MB
    of weights plus ~0.4 MB of TorchScript code) stays under 5 MB."""

    def __init__(self, nc=4, imgsz=320):
        super().__init__()
        self.backbone = Backbone((16, 32, 64, 80, 128), (1, 2, 2, 1), 1)
        self.detect = DetectDirect(nc, self.backbone.out_channels, imgsz=imgsz)

    def forward(self, x):
        return self.detect(self.backbone(x))


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def fuse(model):
    for m in model.modules():
        if isinstance(m, Conv):
            m.fuse()
    return model


# ================================================================================================
# Assigner + loss
# ================================================================================================

def bbox_iou(b1, b2, ciou=False, eps=1e-7):
    """IoU (or CIoU) of xyxy boxes, broadcasting over leading dims; last dim 4."""
    b1x1, b1y1, b1x2, b1y2 = b1.unbind(-1)
    b2x1, b2y1, b2x2, b2y2 = b2.unbind(-1)
    w1, h1 = b1x2 - b1x1, (b1y2 - b1y1).clamp(min=eps)
    w2, h2 = b2x2 - b2x1, (b2y2 - b2y1).clamp(min=eps)
    inter = ((torch.min(b1x2, b2x2) - torch.max(b1x1, b2x1)).clamp(min=0)
             * (torch.min(b1y2, b2y2) - torch.max(b1y1, b2y1)).clamp(min=0))
    union = w1 * h1 + w2 * h2 - inter + eps
    iou = inter / union
    if not ciou:
        return iou
    cw = torch.max(b1x2, b2x2) - torch.min(b1x1, b2x1)
    ch = torch.max(b1y2, b2y2) - torch.min(b1y1, b2y1)
    c2 = cw ** 2 + ch ** 2 + eps
    rho2 = ((b2x1 + b2x2 - b1x1 - b1x2) ** 2 + (b2y1 + b2y2 - b1y1 - b1y2) ** 2) / 4
    v = (4 / math.pi ** 2) * (torch.atan(w2 / h2) - torch.atan(w1 / h1)) ** 2
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


class TaskAlignedAssigner:
    """YOLOv8's task-aligned assigner (TOOD): for each ground-truth box, the top-k anchors
    inside it by score^alpha * IoU^beta become positives; an anchor claimed by several boxes
    goes to the one it overlaps most. Soft targets: one-hot class scaled by the normalised
    alignment metric, so well-aligned anchors are pushed to high scores, poor ones less.
    """

    def __init__(self, topk=10, nc=4, alpha=0.5, beta=6.0, eps=1e-9):
        self.topk, self.nc, self.alpha, self.beta, self.eps = topk, nc, alpha, beta, eps

    @torch.no_grad()
    def __call__(self, pd_scores, pd_bboxes, anc_points, gt_labels, gt_bboxes, mask_gt):
        """pd_scores (b,A,nc) sigmoid; pd_bboxes (b,A,4) xyxy px; anc_points (A,2) px;
        gt_labels (b,M,1) long; gt_bboxes (b,M,4) xyxy px; mask_gt (b,M,1) float (1 = real box).
        Returns target_bboxes (b,A,4), target_scores (b,A,nc), fg_mask (b,A) bool."""
        bs, m = gt_bboxes.shape[:2]
        # Candidates: anchor centres strictly inside a real ground-truth box.
        lt, rb = gt_bboxes.unsqueeze(2).chunk(2, 3)  # (b,M,1,2)
        deltas = torch.cat((anc_points[None, None] - lt, rb - anc_points[None, None]), 3)
        mask_in = (deltas.amin(3) > self.eps).float() * mask_gt  # (b,M,A)
        # Alignment metric per (gt, anchor): predicted score of the gt's class x IoU.
        bidx = torch.arange(bs).view(-1, 1).expand(-1, m)
        scores = pd_scores[bidx, :, gt_labels.squeeze(-1)]  # (b,M,A)
        overlaps = bbox_iou(gt_bboxes.unsqueeze(2), pd_bboxes.unsqueeze(1), ciou=True).clamp(min=0)
        overlaps = overlaps * mask_in
        align = scores.pow(self.alpha) * overlaps.pow(self.beta) * mask_in
        # Top-k anchors per gt (among candidates: a zero metric outside is removed by mask_in).
        topk_idx = torch.topk(align, self.topk, dim=-1).indices  # (b,M,k)
        mask_topk = torch.zeros_like(align).scatter_(-1, topk_idx, 1.0)
        mask_pos = mask_topk * mask_in  # (b,M,A)
        # An anchor assigned to several gts keeps only the gt with the highest IoU.
        fg = mask_pos.sum(1)  # (b,A)
        if fg.max() > 1:
            multi = (fg.unsqueeze(1) > 1).expand(-1, m, -1)
            best = torch.zeros_like(mask_pos).scatter_(1, overlaps.argmax(1, keepdim=True), 1.0)
            mask_pos = torch.where(multi, best, mask_pos)
            fg = mask_pos.sum(1)
        fg_mask = fg > 0
        gt_idx = mask_pos.argmax(1)  # (b,A)
        target_labels = gt_labels.squeeze(-1).gather(1, gt_idx)  # (b,A)
        target_bboxes = gt_bboxes.gather(1, gt_idx.unsqueeze(-1).expand(-1, -1, 4))
        target_scores = F.one_hot(target_labels, self.nc).float() * fg_mask.unsqueeze(-1)
        # Normalise: per gt, the best-aligned anchor gets its IoU as the target score.
        align = align * mask_pos
        pos_align = align.amax(-1, keepdim=True)
        pos_over = (overlaps * mask_pos).amax(-1, keepdim=True)
        norm = (align * pos_over / (pos_align + self.eps)).amax(1).unsqueeze(-1)  # (b,A,1)
        return target_bboxes, target_scores * norm, fg_mask


class DetectionLoss:
    """CIoU box loss + BCE class loss weighted by the task-aligned soft targets (Ultralytics'
    v8DetectionLoss without the DFL term); gains box 7.5, cls 0.5 as Ultralytics."""

    def __init__(self, nc, box_gain=7.5, cls_gain=0.5):
        self.nc, self.box_gain, self.cls_gain = nc, box_gain, cls_gain
        self.assigner = TaskAlignedAssigner(topk=10, nc=nc, alpha=0.5, beta=6.0)

    def __call__(self, outputs, gt_labels, gt_bboxes, mask_gt):
        dist, logits, anchors = outputs  # (b,A,4) px, (b,A,nc), (A,2) px
        pred_bboxes = torch.cat((anchors - dist[..., :2], anchors + dist[..., 2:]), -1)
        target_bboxes, target_scores, fg = self.assigner(
            logits.detach().sigmoid(), pred_bboxes.detach(), anchors, gt_labels, gt_bboxes, mask_gt)
        tss = target_scores.sum().clamp(min=1.0)
        loss_cls = F.binary_cross_entropy_with_logits(logits, target_scores, reduction="sum") / tss
        if fg.any():
            weight = target_scores.sum(-1)[fg]
            iou = bbox_iou(pred_bboxes[fg], target_bboxes[fg], ciou=True)
            loss_box = ((1.0 - iou) * weight).sum() / tss
        else:
            loss_box = logits.sum() * 0.0
        return self.box_gain * loss_box + self.cls_gain * loss_cls, loss_box.detach(), loss_cls.detach()


# ================================================================================================
# Training
# ================================================================================================

class ModelEMA:
    """Exponential moving average of weights and BN statistics (Ultralytics' ModelEMA); the
    averaged model generalises better than the last step's, and it is the one exported.
    The decay ramps up as 1 - exp(-updates / tau), so early noisy weights fade out fast."""

    def __init__(self, model, decay=0.9999, tau=1000):
        self.ema = copy.deepcopy(model).eval()
        for p in self.ema.parameters():
            p.requires_grad_(False)
        self.decay, self.tau, self.updates = decay, tau, 0

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        msd = model.state_dict()
        for k, v in self.ema.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(msd[k].detach(), alpha=1 - d)


class BatchSource:
    """Training batches from the scene stream. Each scene is used at most twice: once as
    generated (randomly flipped or not) and once more with the other flip and a different
    channel order, because generation (~10-15 ms per scene on a shared core) is slower than
    training needs. Fresh scenes are preferred whenever the queue has some."""

    def __init__(self, stream, batch, size, rng):
        self.stream, self.batch, self.size, self.rng = stream, batch, size, rng
        self.reuse = []  # (scene, flipped) used once
        self.fresh = self.reused = 0

    def _augment(self, scene, flip):
        image, boxes, classes = scene
        perm = self.rng.permutation(3)
        if flip:
            image = image[:, ::-1]
            boxes = boxes.copy()
            boxes[:, [0, 2]] = self.size - boxes[:, [2, 0]]
        return np.ascontiguousarray(image[..., perm]), boxes, classes

    def next(self):
        items = []
        while len(items) < self.batch:
            scene = None
            try:
                scene = self.stream.get(block=False)
            except queue.Empty:
                if self.reuse:
                    s, flipped = self.reuse.pop(self.rng.integers(len(self.reuse)))
                    items.append(self._augment(s, not flipped))
                    self.reused += 1
                    continue
                scene = self.stream.get(block=True)
            if scene is None:
                raise RuntimeError("scene stream ended during training")
            flip = bool(self.rng.integers(2))
            items.append(self._augment(scene, flip))
            self.fresh += 1
            self.reuse.append((scene, flip))
            if len(self.reuse) > 256:  # bound memory; the oldest just get used once
                self.reuse.pop(0)
        return collate(items)


def collate(items):
    """Images (B,3,H,W) float in [0,1]; labels (B,M,1), boxes (B,M,4), mask (B,M,1), M >= 1."""
    images = torch.from_numpy(np.stack([it[0] for it in items])).permute(0, 3, 1, 2).float() / 255.0
    m = max(1, max(len(it[2]) for it in items))
    labels = torch.zeros(len(items), m, 1, dtype=torch.long)
    boxes = torch.zeros(len(items), m, 4)
    mask = torch.zeros(len(items), m, 1)
    for i, (_, b, c) in enumerate(items):
        n = len(c)
        if n:
            labels[i, :n, 0] = torch.from_numpy(c)
            boxes[i, :n] = torch.from_numpy(b)
            mask[i, :n] = 1.0
    return images, labels, boxes, mask


def train_shapes(model, classpath, minutes, batch=16, lr=2e-3, warmup=300, gen_procs=1, seed=0):
    """Trains for `minutes` of wall time; returns (ema model, stats dict)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    size = 320
    # Seeds 1,000,000.. (and 2,000,000.. for a second process): never the held-out/test ranges.
    stream = SceneStream(classpath, [TRAIN_SEED_START * (i + 1) for i in range(gen_procs)],
                         count=900_000, size=size)
    source = BatchSource(stream, batch, size, rng)
    criterion = DetectionLoss(nc=len(SHAPE_NAMES))

    # Weight decay on conv weights only (not BN or biases), as Ultralytics.
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (decay if p.ndim > 1 else no_decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 5e-4},
                             {"params": no_decay, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.999))
    ema = ModelEMA(model)

    budget = minutes * 60.0
    t0 = time.time()
    # The cosine is planned in steps: the speed of the first 30 steps gives the number of steps
    # that fit the budget. The two cores are shared with the generator and a Java build, so the
    # plan is re-estimated every minute from the average speed since then (not the last
    # minute's, which swings 5x here); the cosine's progress never goes backwards.
    planned = None
    t30 = None
    progress = 0.0
    step = 0
    images_seen = 0
    last_log, last_imgs = t0, 0
    sums = np.zeros(3)
    nsum = 0
    cur = 0.0
    model.train()
    try:
        while True:
            now = time.time()
            elapsed = now - t0
            if planned is None and step == 30:
                t30 = now
                rate = step / elapsed
                planned = max(warmup + 10, int(rate * budget))
                log(f"speed over the first 30 steps: {rate * batch:.1f} img/s -> planning {planned} steps")
            if elapsed > budget * 1.1:  # hard stop if the machine slowed down a lot
                log("time budget exceeded; stopping early")
                break
            # LR: linear warmup, then cosine from lr to lr/100 over the planned steps.
            if step < warmup:
                cur = lr * (0.05 + 0.95 * step / warmup)
            else:
                total = planned if planned else warmup * 10
                progress = max(progress, min(1.0, (step - warmup) / max(1, total - warmup)))
                if progress >= 1.0:
                    break
                cur = lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * progress)))
            for g in opt.param_groups:
                g["lr"] = cur

            images, labels, boxes, mask = source.next()
            out = model(images)
            loss, lbox, lcls = criterion(out, labels, boxes, mask)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=10.0)
            opt.step()
            ema.update(model)
            step += 1
            images_seen += batch
            sums += (loss.item(), lbox.item(), lcls.item())
            nsum += 1

            now = time.time()
            if now - last_log >= 60:
                ips = (images_seen - last_imgs) / (now - last_log)
                if planned is not None and now > t30:
                    rate = (step - 30) / (now - t30)
                    planned = max(step + 1, int(step + rate * (budget - (now - t0))))
                avg = sums / max(1, nsum)
                log(f"[{(now - t0) / 60:5.1f} min] step {step}/{planned} loss {avg[0]:.3f} "
                    f"(box {avg[1]:.3f} cls {avg[2]:.3f}) lr {cur:.2e} {ips:.1f} img/s "
                    f"fresh {source.fresh} reused {source.reused} queue {stream.queue.qsize()}")
                sums[:] = 0
                nsum = 0
                last_log, last_imgs = now, images_seen
    finally:
        stream.close()
    secs = time.time() - t0
    stats = {"steps": step, "images": images_seen, "train_seconds": round(secs, 1),
             "img_per_s": round(images_seen / secs, 1), "fresh_scenes": source.fresh,
             "reused_scenes": source.reused}
    log(f"training done: {json.dumps(stats)}")
    return ema.ema, stats


# ================================================================================================
# Evaluation
# ================================================================================================

def xywh2xyxy(b):
    return torch.cat((b[..., :2] - b[..., 2:] / 2, b[..., :2] + b[..., 2:] / 2), -1)


def box_iou_matrix(a, b):
    """IoU of every box in a (N,4) with every box in b (M,4), xyxy -> (N,M)."""
    return bbox_iou(a.unsqueeze(1), b.unsqueeze(0))


@torch.no_grad()
def nms(boxes, scores, iou_thr):
    """Greedy NMS (torchvision is not available here); returns kept indices, best first."""
    order = scores.argsort(descending=True)
    iou = box_iou_matrix(boxes[order], boxes[order]).numpy()
    suppressed = np.zeros(len(order), dtype=bool)
    keep = []
    for i in range(len(order)):
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_thr
    return order[torch.tensor(keep, dtype=torch.long)]


@torch.no_grad()
def postprocess(pred, conf=0.001, iou_thr=0.45, max_det=300):
    """One image's (4+nc, N) output -> (boxes xyxy (K,4), scores (K,), classes (K,)).
    Best class per cell, then class-aware NMS (boxes offset by class so classes never suppress
    each other), as Ultralytics' non_max_suppression with multi_label=False."""
    pred = pred.transpose(0, 1)
    scores, classes = pred[:, 4:].max(1)
    keep = scores > conf
    boxes, scores, classes = xywh2xyxy(pred[keep, :4]), scores[keep], classes[keep]
    if len(scores) == 0:
        return boxes, scores, classes
    k = nms(boxes + classes.unsqueeze(1).float() * 4096.0, scores, iou_thr)[:max_det]
    return boxes[k], scores[k], classes[k]


def average_precision(tp, conf, n_gt):
    """COCO-style 101-point interpolated AP from per-detection TP flags and scores."""
    if n_gt == 0:
        return float("nan")
    if len(tp) == 0:
        return 0.0
    order = np.argsort(-conf, kind="stable")
    tp = tp[order].astype(np.float64)
    ctp, cfp = np.cumsum(tp), np.cumsum(1 - tp)
    recall = ctp / n_gt
    precision = ctp / (ctp + cfp)
    precision = np.maximum.accumulate(precision[::-1])[::-1]  # envelope
    ap = 0.0
    for r in np.linspace(0, 1, 101):
        idx = np.searchsorted(recall, r, side="left")
        ap += precision[idx] if idx < len(precision) else 0.0
    return ap / 101


@torch.no_grad()
def evaluate(module, scenes, nc, conf_thr=0.25, iou_match=0.5, nms_iou=0.45, batch=8):
    """Precision/recall at conf 0.25 and mAP50 (conf 0.001) at IoU 0.5 over `scenes`.

    Detections are matched greedily, highest score first, to an unmatched ground-truth box of
    the same class with IoU >= 0.5. Greedy NMS keeps the same boxes above 0.25 whatever the
    lower threshold, so one pass at 0.001 gives both numbers.
    """
    all_tp, all_conf, all_cls = [], [], []
    n_gt = np.zeros(nc, dtype=np.int64)
    per_class_gt = {}
    for i in range(0, len(scenes), batch):
        chunk = scenes[i:i + batch]
        x = torch.from_numpy(np.stack([s[0] for s in chunk])).permute(0, 3, 1, 2).float() / 255.0
        out = module(x)
        for s, pred in zip(chunk, out):
            boxes, scores, classes = postprocess(pred, conf=0.001, iou_thr=nms_iou)
            gt_boxes, gt_cls = torch.from_numpy(s[1]), torch.from_numpy(s[2])
            for c in gt_cls.tolist():
                n_gt[c] += 1
            matched = np.zeros(len(gt_cls), dtype=bool)
            iou = (box_iou_matrix(boxes, gt_boxes).numpy() if len(gt_cls) and len(scores)
                   else np.zeros((len(scores), len(gt_cls))))
            for d in range(len(scores)):  # already sorted by score
                c = int(classes[d])
                cand = np.where((gt_cls.numpy() == c) & ~matched & (iou[d] >= iou_match))[0]
                hit = False
                if len(cand):
                    j = cand[np.argmax(iou[d, cand])]
                    matched[j] = True
                    hit = True
                all_tp.append(hit)
                all_conf.append(float(scores[d]))
                all_cls.append(c)
    tp, conf, cls = np.array(all_tp, dtype=bool), np.array(all_conf), np.array(all_cls)
    sel = conf >= conf_thr
    ntp, ndet = int(tp[sel].sum()), int(sel.sum())
    precision = ntp / ndet if ndet else 0.0
    recall = ntp / int(n_gt.sum()) if n_gt.sum() else 0.0
    aps = [average_precision(tp[cls == c], conf[cls == c], n_gt[c]) for c in range(nc)]
    per_class = {}
    for c in range(nc):
        sc = sel & (cls == c)
        per_class[SHAPE_NAMES[c]] = {
            "gt": int(n_gt[c]), "tp": int(tp[sc].sum()), "fp": int(sc.sum() - tp[sc].sum()),
            "ap50": round(aps[c], 4)}
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "map50": round(float(np.nanmean(aps)), 4), "gt": int(n_gt.sum()), "tp": ntp,
            "detections": ndet, "per_class": per_class}


# ================================================================================================
# Export
# ================================================================================================

def export(model, imgsz, path, meta, names):
    """Fuses BN, traces at batch 1, checks batch 4 and the saved file, writes the .names file."""
    model = fuse(copy.deepcopy(model)).eval()
    x1 = torch.rand(1, 3, imgsz, imgsz)
    x4 = torch.rand(4, 3, imgsz, imgsz)
    with torch.no_grad():
        traced = torch.jit.trace(model, x1, check_trace=True)
        want = model(x4)
        got = traced(x4)
    n = got.shape[2]
    assert got.shape == (4, 4 + len(names), n), got.shape
    assert torch.isfinite(got).all(), "non-finite output"
    diff = (got - want).abs().max().item()
    assert diff < 1e-3, f"traced output differs from eager at batch 4: {diff}"
    torch.jit.save(traced, str(path), _extra_files={"config.txt": json.dumps(meta)})
    path.with_suffix(".names").write_text("\n".join(names) + "\n")

    # Load back as a consumer would: the graph, the batch size freedom, and the metadata.
    extra = {"config.txt": ""}
    loaded = torch.jit.load(str(path), _extra_files=extra)
    with torch.no_grad():
        again = loaded(x4)
    assert (again - got).abs().max().item() < 1e-5
    assert json.loads(extra["config.txt"]) == meta
    log(f"wrote {path} ({path.stat().st_size:,} bytes): batch 1 traced, batch 4 -> "
        f"{tuple(got.shape)}, max |traced - eager| {diff:.2e}, config.txt read back")
    return loaded


def export_onnx(model, imgsz, torchscript_path, onnx_path):
    """Exports `model` (the nn.Module built here) with the weights of the TorchScript file at
    `torchscript_path` to ONNX: opset 13, dynamic batch, Ultralytics' metadata_props.

    The nn.Module is exported, not the traced file, so that the ONNX graph comes from the same
    Python code as the TorchScript one. The weights are the shipped file's (BN already fused):
    a trained model is never retrained for this. Checks: the module with
    those weights gives the TorchScript file's output; the ONNX file passes onnx.checker and
    carries the metadata; ONNX Runtime (Python if installed, else the Java engines through
    bin/run-models-main) gives the TorchScript output at batch 1 and 3.
    """
    import onnx

    model = fuse(copy.deepcopy(model)).eval()
    extra = {"config.txt": ""}
    traced = torch.jit.load(str(torchscript_path), _extra_files=extra)
    model.load_state_dict(traced.state_dict(), strict=True)
    meta = json.loads(extra["config.txt"])
    x1 = torch.rand(1, 3, imgsz, imgsz)
    x3 = torch.rand(3, 3, imgsz, imgsz)
    with torch.no_grad():
        module_diff = (model(x3) - traced(x3)).abs().max().item()
        torch.onnx.export(model, x1, str(onnx_path), opset_version=13, input_names=["images"],
                          output_names=["output0"], do_constant_folding=True,
                          dynamic_axes={"images": {0: "batch"}, "output0": {0: "batch"}})
    assert module_diff < 1e-4, f"module with {torchscript_path.name}'s weights differs: {module_diff}"

    # Metadata as Ultralytics writes it: every value as Python's str(), names keyed by int.
    onnx_model = onnx.load(str(onnx_path))
    props = dict(meta, names={int(k): v for k, v in meta["names"].items()})
    for key, value in props.items():
        entry = onnx_model.metadata_props.add()
        entry.key, entry.value = key, str(value)
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, str(onnx_path))
    written = {p.key: p.value for p in onnx.load(str(onnx_path)).metadata_props}
    assert written["imgsz"] == str([imgsz, imgsz]) and written["names"].startswith("{0: '"), written
    log(f"wrote {onnx_path} ({onnx_path.stat().st_size:,} bytes): opset 13, dynamic batch; "
        f"max |module - {torchscript_path.name}| {module_diff:.2e}; metadata_props "
        f"{sorted(written)}")
    onnx_diff = compare_onnx(traced, onnx_path, torchscript_path, imgsz)
    return {"file": str(onnx_path), "bytes": onnx_path.stat().st_size,
            "max_abs_diff_vs_torchscript": onnx_diff}


def compare_onnx(traced, onnx_path, torchscript_path, imgsz):
    """Max |ONNX Runtime - TorchScript| on random input at batch 1 and 3, printed and checked."""
    try:
        import onnxruntime  # not packaged by Debian; present on some machines
    except ImportError:
        onnxruntime = None
    if onnxruntime is not None:
        session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
        diff = 0.0
        for batch in (1, 3):
            x = torch.rand(batch, 3, imgsz, imgsz)
            with torch.no_grad():
                want = traced(x).numpy()
            got = session.run(None, {"images": x.numpy()})[0]
            diff = max(diff, float(np.abs(got - want).max()))
        how = f"Python onnxruntime {onnxruntime.__version__}"
    else:
        # The Java engines: ONNX Runtime (through DJL) against libtorch, same random input.
        cmd = [str(REPO / "bin" / "run-models-main"), "io.streamyolo.model.cli.CompareModels",
               str(torchscript_path), str(onnx_path)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        diff = max(float(line.split()[-1]) for line in out.splitlines()
                   if line.startswith("max abs diff"))
        how = "Java: DJL OnnxRuntime vs DJL PyTorch (bin/run-models-main)"
    log(f"{onnx_path.name}: max |onnx - torchscript| = {diff:.2e} at batch 1 and 3 ({how})")
    assert diff < 1e-3, f"ONNX output differs from {torchscript_path.name}: {diff}"
    return diff


def metadata(description, imgsz, names):
    """Ultralytics-style export metadata (what Ultralytics writes as config.txt)."""
    return {"description": description, "author": "streamyolo", "task": "detect", "stride": 32,
            "batch": 1, "imgsz": [imgsz, imgsz], "channels": 3,
            "names": {str(i): n for i, n in enumerate(names)}}


def make_v8n(out_dir):
    torch.manual_seed(0)
    model = YOLOv8n(nc=80).eval()
    n = count_params(model)
    log(f"YOLOv8n structure: {n:,} parameters (unfused), "
        f"{count_params(fuse(copy.deepcopy(model))):,} fused")
    meta = metadata("UNTRAINED YOLOv8n-structure network with random weights, for speed "
                    "measurement only; it detects nothing", 640, COCO_NAMES)
    path = out_dir / V8N_FILE
    loaded = export(model, 640, path, meta, COCO_NAMES)
    x = torch.rand(1, 3, 640, 640)
    with torch.no_grad():
        loaded(x)
        t = time.time()
        for _ in range(3):
            loaded(x)
    ms = (time.time() - t) / 3 * 1000
    log(f"torch {torch.__version__} CPU, {torch.get_num_threads()} threads: {ms:.0f} ms per 640 image at batch 1")
    return {"file": str(path), "bytes": path.stat().st_size, "params": n, "ms_batch1": round(ms)}


def make_shapes(out_dir, classpath, minutes, gen_procs, eval_count):
    torch.manual_seed(0)
    model = ShapesNet(nc=len(SHAPE_NAMES))
    n = count_params(model)
    log(f"shapes net: {n:,} parameters; training for {minutes} min")
    ema, stats = train_shapes(model, classpath, minutes, gen_procs=gen_procs)
    meta = metadata("Shapes detector trained on synthetic scenes (circle, square, triangle, star)",
                    320, SHAPE_NAMES)
    path = out_dir / SHAPES_FILE
    loaded = export(ema, 320, path, meta, SHAPE_NAMES)
    size = path.stat().st_size
    assert size < 5_000_000, f"{path} is {size} bytes, over 5 MB"
    # Evaluate the exported file itself, on seeds never used in training.
    log(f"evaluating {path.name} on {eval_count} held-out scenes (seeds {EVAL_SEED_START}..)")
    scenes = read_scenes(classpath, EVAL_SEED_START, eval_count, 320)
    result = evaluate(loaded, scenes, len(SHAPE_NAMES))
    log(f"held-out: precision {result['precision']:.4f} recall {result['recall']:.4f} "
        f"mAP50 {result['map50']:.4f} ({result['tp']} TP of {result['gt']} boxes, "
        f"{result['detections']} detections at conf 0.25)")
    log(f"per class: {json.dumps(result['per_class'])}")
    return {"file": str(path), "bytes": size, "params": n, **stats,
            **{k: result[k] for k in ("precision", "recall", "map50")}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=["shapes", "v8n"], help="make only this model")
    ap.add_argument("--minutes", type=float, default=25.0, help="training wall time (shapes)")
    ap.add_argument("--out", default=str(REPO / "models" / "files"), help="output folder")
    ap.add_argument("--classpath", help="compiled scene generator (default: Maven build)")
    ap.add_argument("--gen-procs", type=int, default=1, help="scene generator processes (1-2)")
    ap.add_argument("--eval-count", type=int, default=300, help="held-out evaluation scenes")
    ap.add_argument("--onnx-only", action="store_true",
                    help="only export the existing .torchscript files to .onnx (no training)")
    args = ap.parse_args()

    # Two cores here, shared with the scene generator and a build: more threads only thrash.
    torch.set_num_threads(2)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {}
    if args.only in (None, "v8n"):
        if not args.onnx_only:
            summary["v8n"] = make_v8n(out_dir)
        summary["v8n_onnx"] = export_onnx(YOLOv8n(nc=80), 640, out_dir / V8N_FILE,
                                          out_dir / V8N_FILE.replace(".torchscript", ".onnx"))
    if args.only in (None, "shapes"):
        if not args.onnx_only:
            classpath = find_classpath(args.classpath)
            summary["shapes"] = make_shapes(out_dir, classpath, args.minutes, args.gen_procs,
                                            args.eval_count)
        summary["shapes_onnx"] = export_onnx(ShapesNet(nc=len(SHAPE_NAMES)), 320,
                                             out_dir / SHAPES_FILE,
                                             out_dir / SHAPES_FILE.replace(".torchscript", ".onnx"))
    log(json.dumps(summary))


if __name__ == "__main__":
    main()
