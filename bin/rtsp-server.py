#!/usr/bin/python3
"""A real multi-client RTSP server (GStreamer's gst-rtsp-server) for tests and demo cameras.

Usage:
    /usr/bin/python3 bin/rtsp-server.py --port 8554 cam1=file:/abs/path/video.mp4 cam2=live:640x360@30

Each NAME=SOURCE argument serves rtsp://127.0.0.1:PORT/NAME:
    file:PATH          an H.264 MP4 file, played in real time from its start for each client
                       (not shared: every client gets its own pipeline, so frame times match the file);
                       at its end the session ends, as a camera that goes away
    live:WxH@FPS       a live test pattern (a moving ball), shared by all clients
Prints "READY <port>" on stdout once it serves. Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0
and the GStreamer base, good and ugly plugins; run it with /usr/bin/python3 (not a pyenv python).
"""
import argparse
import re
import signal
import sys

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
    raise SystemExit("unknown source %r: expected file:PATH or live:WxH@FPS" % source)


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
