package io.streamyolo.control.settings;

import java.io.Serializable;

/**
 * A class to keep, as a command names it: by id ({@code 2}) or by name ({@code "car"}). Names
 * become ids where the stream's model is known, in the detection subtask.
 *
 * @param id the class id, or -1 for a class given by name
 * @param name the class name, or null for a class given by id
 */
public record ClassRef(int id, String name) implements Serializable {

    public ClassRef {
        if ((id < 0) == (name == null)) {
            throw new IllegalArgumentException("a class is an id (0 or more) or a name, not both: " + id + ", " + name);
        }
    }

    public static ClassRef ofId(int id) {
        return new ClassRef(id, null);
    }

    public static ClassRef ofName(String name) {
        return new ClassRef(-1, name);
    }

    public boolean isName() {
        return name != null;
    }

    @Override
    public String toString() {
        return isName() ? name : Integer.toString(id);
    }
}
