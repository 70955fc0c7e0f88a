#!/usr/bin/python3
"""Tools for labelling frames of the clips in footage/ by eye.

  extract CLIP OUTDIR IDX...        writes OUTDIR/<idx>.png for the given frame indices (decode
                                    order from 0, as FFmpeg decodes them) and prints their times
  grid IMAGE OUT [X1 Y1 X2 Y2 [S [STEP]]] a copy (or a crop scaled by S) with a labelled pixel grid,
                                    to read box coordinates off the picture
  draw LABELS.json FRAMEDIR OUTDIR  draws the labelled boxes back onto the extracted frames

Run with /usr/bin/python3 (Debian's OpenCV); needs ffprobe on PATH for the frame times.
"""
import json
import os
import subprocess
import sys

import cv2


def frame_times(clip):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time",
         "-of", "csv=p=0", clip], check=True, capture_output=True, text=True).stdout
    return [float(line.strip().rstrip(",")) for line in out.splitlines() if line.strip().rstrip(",")]


def extract(clip, outdir, indices):
    os.makedirs(outdir, exist_ok=True)
    wanted = set(indices)
    times = frame_times(clip)
    cap = cv2.VideoCapture(clip)
    index = 0
    while wanted:
        ok, frame = cap.read()
        if not ok:
            raise SystemExit(f"{clip} has no frame {min(wanted)} (it ends at {index})")
        if index in wanted:
            cv2.imwrite(os.path.join(outdir, f"{index}.png"), frame)
            print(index, f"{times[index]:.6f}")
            wanted.discard(index)
        index += 1


def grid(image, out, x1=None, y1=None, x2=None, y2=None, scale=1.0, step=None):
    img = cv2.imread(image)
    h, w = img.shape[:2]
    x1, y1 = int(x1 or 0), int(y1 or 0)
    x2, y2 = int(x2 or w), int(y2 or h)
    crop = cv2.resize(img[y1:y2, x1:x2], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    # a line every 'step' original pixels, labelled with the original coordinate
    step = int(step) if step else 10 if (x2 - x1) <= 300 else 20 if (x2 - x1) <= 700 else 50
    for x in range((x1 // step + 1) * step, x2, step):
        px = int((x - x1) * scale)
        major = x % (step * 2) == 0
        cv2.line(crop, (px, 0), (px, crop.shape[0]), (0, 255, 255) if major else (0, 160, 160), 1)
        if major:
            cv2.putText(crop, str(x), (px + 2, 12), 0, 0.4, (0, 0, 255), 1)
    for y in range((y1 // step + 1) * step, y2, step):
        py = int((y - y1) * scale)
        major = y % (step * 2) == 0
        cv2.line(crop, (0, py), (crop.shape[1], py), (0, 255, 255) if major else (0, 160, 160), 1)
        if major:
            cv2.putText(crop, str(y), (2, py - 2), 0, 0.4, (0, 0, 255), 1)
    cv2.imwrite(out, crop)


def draw(labels, framedir, outdir):
    os.makedirs(outdir, exist_ok=True)
    with open(labels) as f:
        data = json.load(f)
    for frame in data["frames"]:
        img = cv2.imread(os.path.join(framedir, f"{frame['index']}.png"))
        for n, box in enumerate(frame["boxes"]):
            x1, y1, x2, y2 = box["box"]
            colour = (0, 165, 255) if box.get("difficult") else (0, 255, 0)
            cv2.rectangle(img, (x1, y1), (x2, y2), colour, 2)
            cv2.putText(img, str(n), (x1 + 3, y1 + 16), 0, 0.6, colour, 2)
        cv2.imwrite(os.path.join(outdir, f"{frame['index']}.png"), img)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "extract":
        extract(args[0], args[1], [int(a) for a in args[2:]])
    elif cmd == "grid":
        grid(args[0], args[1], *[float(a) for a in args[2:]])
    elif cmd == "draw":
        draw(*args)
    else:
        raise SystemExit(__doc__)
