package io.streamyolo.source.command;

import java.util.ArrayList;
import java.util.List;

/** Commands given up front (the job's arguments), delivered once at the first start of the job. */
public final class StaticControlChannel implements ControlChannel {

    /** The channel id in the enumerator\'s checkpoint; the enumerator skips it after a restore. */
    public static final String ID = "initial";

    private static final long serialVersionUID = 1L;

    private final List<String> commands;
    private long position;

    public StaticControlChannel(List<String> commands) {
        this.commands = List.copyOf(commands);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean appliesOnlyAtFirstStart() {
        return true;
    }

    @Override
    public void restore(long position) {
        this.position = position;
    }

    @Override
    public List<ControlLine> poll() {
        List<ControlLine> lines = new ArrayList<>();
        while (position < commands.size()) {
            position++;
            lines.add(new ControlLine(id(), commands.get((int) position - 1), position));
        }
        return lines;
    }

    @Override
    public void close() {}
}
