package io.streamyolo.source.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last seconds of a camera's packets, whole groups of pictures from a keyframe on, so that a
 * clip can start before the event that asked for it (its pre-roll) and with a picture a player
 * can decode. Bounded twice: by age (what no pre-roll can need goes) and by bytes (a camera with a
 * huge bit rate or rare keyframes cannot take the TaskManager's memory). Decoder thread only.
 */
final class PacketRing {

    /** One group of pictures: a keyframe and the packets up to the next. */
    private static final class Gop {
        final List<EncodedPacket> packets = new ArrayList<>();
        long bytes;
    }

    private final Deque<Gop> gops = new ArrayDeque<>();
    private final long maxBytes;
    private long bytes;

    PacketRing(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a packet (the ring takes it over); packets before the first keyframe are freed at once,
     * as nothing can be decoded from them.
     *
     * @param keepMillis how far back the oldest group must still reach
     * @return false when the packet was freed
     */
    boolean add(EncodedPacket p, long keepMillis) {
        if (p.key) {
            gops.addLast(new Gop());
        } else if (gops.isEmpty()) {
            p.free();
            return false;
        }
        Gop last = gops.getLast();
        last.packets.add(p);
        last.bytes += p.size;
        bytes += p.size;
        trim(p.wallMillis - keepMillis);
        return true;
    }

    /** The packets from the last keyframe at or before the time (or the oldest one) to the newest. */
    List<EncodedPacket> from(long wallMillis) {
        List<EncodedPacket> out = new ArrayList<>();
        boolean started = false;
        Gop[] all = gops.toArray(new Gop[0]);
        for (int i = 0; i < all.length; i++) {
            boolean nextStartsLater = i + 1 == all.length || all[i + 1].packets.get(0).wallMillis > wallMillis;
            if (started || nextStartsLater) {
                started = true;
                out.addAll(all[i].packets);
            }
        }
        return out;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        gops.forEach(g -> g.packets.forEach(EncodedPacket::free));
        gops.clear();
        bytes = 0;
    }

    /** Drops the oldest groups that the next one makes unneeded, or that are over the byte bound. */
    private void trim(long oldestNeededMillis) {
        while (gops.size() > 1) {
            Gop first = gops.getFirst();
            Gop second = gops.stream().skip(1).findFirst().orElseThrow();
            boolean unneeded = second.packets.get(0).wallMillis <= oldestNeededMillis;
            if (!unneeded && bytes <= maxBytes) {
                return;
            }
            gops.removeFirst();
            first.packets.forEach(EncodedPacket::free);
            bytes -= first.bytes;
        }
    }
}
