#!/usr/bin/python3
"""A real multi-client RTSP server (GStreamer's gst-rtsp-server) for tests and demo cameras.

Usage:
    /usr/bin/python3 bin/rtsp-server.py --port 8554 cam1=file:/abs/path/video.mp4 cam2=live:640x360@30

Each NAME=SOURCE argument serves rtsp://127.0.0.1:PORT/NAME:
    file:PATH          an H.264 MP4 file, played in real time from its start for each client
                       (not shared: every client gets its own pipeline, so frame times match the file);
                       at its end the session ends, as a camera that goes away
    loop:PATH          an H.264 or H.265 (HEVC) MP4 file played as a live camera: in real time, over
                       and over without a break, shared by all clients (who join where it is);
                       the video is sent as it is in the file (no re-encoding)
    live:WxH@FPS       a live test pattern (a moving ball), shared by all clients
Prints "READY <port>" on stdout once it serves. Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0
and the GStreamer base, good, ugly and bad plugins (the H.264 and H.265 parsers are in the bad
ones); run it with /usr/bin/python3 (not a pyenv python).
"""
import argparse
import re
import signal
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def launch_line(source):
    if source.startswith("file:"):
        path = source[len("file:"):]
        # qtdemux gives the frames their timestamps, so the server sends them in real time.
        return ("( filesrc location=\"%s\" ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )" % path,
                False)
    m = re.fullmatch(r"live:(\d+)x(\d+)@(\d+)", source)
    if m:
        w, h, fps = m.groups()
        return ("( videotestsrc is-live=true pattern=ball ! video/x-raw,width=%s,height=%s,framerate=%s/1 "
                "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%s "
                "! rtph264pay name=pay0 pt=96 config-interval=1 )" % (w, h, fps, fps), True)
    raise SystemExit("unknown source %r: expected file:PATH, loop:PATH or live:WxH@FPS" % source)


class LoopedClip:
    """The access units of an MP4 file's video (parsed to byte-stream, each IDR with its parameter
    sets), read once into memory; the clips are a few MB."""

    def __init__(self, path):
        for codec in ("h264", "h265"):
            units = self._read(path, codec)
            if units:
                self.codec, self.units = codec, units
                break
        else:
            raise SystemExit("cannot read %s: not an MP4 file with H.264 or H.265 video" % path)
        first = self.units[0][0]
        # One frame's duration past the last frame: the loop's period.
        frame = self.units[1][0] - first if len(self.units) > 1 else Gst.SECOND // 30
        self.period = self.units[-1][0] - first + frame

    @staticmethod
    def _read(path, codec):
        pipeline = Gst.parse_launch(
            "filesrc location=\"%s\" ! qtdemux ! %sparse config-interval=-1 "
            "! video/x-%s,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false"
            % (path, codec, codec))
        sink = pipeline.get_by_name("sink")
        pipeline.set_state(Gst.State.PLAYING)
        bus = pipeline.get_bus()
        units = []
        while True:
            sample = sink.emit("try-pull-sample", Gst.SECOND // 10)
            if sample is None:
                if sink.get_property("eos"):
                    break
                if bus.pop_filtered(Gst.MessageType.ERROR) is not None:
                    units = []  # not this codec (or not a readable file)
                    break
                continue
            buf = sample.get_buffer()
            dts = buf.dts if buf.dts != Gst.CLOCK_TIME_NONE else buf.pts
            units.append((dts, buf.pts - dts, buf.extract_dup(0, buf.get_size()),
                          not buf.has_flags(Gst.BufferFlags.DELTA_UNIT)))
        pipeline.set_state(Gst.State.NULL)
        return units


class LoopFeeder:
    """Pushes a clip into a shared media's appsrc at real-time pace, for as long as the media lives."""

    def __init__(self, clip, appsrc):
        self.clip, self.appsrc = clip, appsrc
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        clip, src = self.clip, self.appsrc
        first = clip.units[0][0]
        # Timestamps are running time of the media's pipeline, which starts when the first client plays.
        while src.get_clock() is None:
            time.sleep(0.01)
        base = src.get_clock().get_time() - src.get_base_time()
        start = time.monotonic()
        loop = 0
        while True:
            for dts, pts_offset, data, key in clip.units:
                offset = loop * clip.period + dts - first
                delay = start + offset / Gst.SECOND - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                buf = Gst.Buffer.new_wrapped(data)
                # Timestamps that go on growing across loops, as a live camera's do.
                buf.dts = base + offset
                buf.pts = base + offset + pts_offset
                if not key:
                    buf.set_flags(Gst.BufferFlags.DELTA_UNIT)
                if src.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                    return  # the media was torn down (no client left)
            loop += 1


def loop_factory(path):
    clip = LoopedClip(path)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch("( appsrc name=src is-live=true format=time caps=video/x-%s,stream-format=byte-stream,alignment=au "
                       "! %sparse ! rtp%spay name=pay0 pt=96 config-interval=1 )" % (clip.codec, clip.codec, clip.codec))
    factory.set_shared(True)
    factory.connect("media-configure", lambda _f, media: LoopFeeder(clip, media.get_element().get_by_name("src")))
    return factory


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("mounts", nargs="+", metavar="NAME=SOURCE")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for mount in args.mounts:
        name, _, source = mount.partition("=")
        if not name or not source:
            raise SystemExit("bad mount %r: expected NAME=SOURCE" % mount)
        if source.startswith("loop:"):
            factory = loop_factory(source[len("loop:"):])
        else:
            line, shared = launch_line(source)
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(line)
            factory.set_shared(shared)
        mounts.add_factory("/" + name, factory)
    if server.attach(None) == 0:
        raise SystemExit("cannot listen on %s:%d (port in use?)" % (args.address, args.port))

    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print("READY %d" % args.port, flush=True)
    loop.run()


if __name__ == "__main__":
    sys.exit(main())
