package io.streamyolo.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the few Python literals that Ultralytics writes into ONNX {@code metadata_props} with
 * {@code str(value)}: a dict of class id to name ({@code {0: 'person', 1: "it's"}}), a list of
 * names, and ints or lists of ints ({@code [640, 640]}). Strings take either quote and Python's
 * escapes; nothing is evaluated.
 */
final class PythonLiteral {

    private final String text;
    private final String key;
    private int pos;

    private PythonLiteral(String text, String key) {
        this.text = text;
        this.key = key;
    }

    /** Class names from a dict keyed by class id (sparse ids become {@code class<id>}) or a list. */
    static List<String> parseNames(String text) {
        PythonLiteral p = new PythonLiteral(text, "names");
        p.skipSpace();
        List<String> names;
        if (p.peek() == '{') {
            Map<Integer, String> byId = new TreeMap<>();
            p.pos++;
            while (!p.consumeIf('}')) {
                int id = p.parseIntOrQuotedInt();
                p.expect(':');
                byId.put(id, p.parseString());
                p.consumeIf(',');
            }
            int count = byId.isEmpty() ? 0 : ((TreeMap<Integer, String>) byId).lastKey() + 1;
            names = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                names.add(byId.getOrDefault(i, "class" + i));
            }
        } else if (p.peek() == '[' || p.peek() == '(') {
            char close = p.text.charAt(p.pos++) == '[' ? ']' : ')';
            names = new ArrayList<>();
            while (!p.consumeIf(close)) {
                names.add(p.parseString());
                p.consumeIf(',');
            }
        } else {
            throw p.error("a dict {0: 'name', ...} or a list of names");
        }
        p.expectEnd();
        return names;
    }

    /** An int ({@code 640}) or a list or tuple of ints ({@code [384, 640]}). */
    static List<Integer> parseIntList(String text, String key) {
        PythonLiteral p = new PythonLiteral(text, key);
        p.skipSpace();
        List<Integer> values = new ArrayList<>();
        if (p.peek() == '[' || p.peek() == '(') {
            char close = p.text.charAt(p.pos++) == '[' ? ']' : ')';
            while (!p.consumeIf(close)) {
                values.add(p.parseInt());
                p.consumeIf(',');
            }
        } else {
            values.add(p.parseInt());
        }
        p.expectEnd();
        return values;
    }

    // ------------------------------------------------------------------------------------------

    private int parseIntOrQuotedInt() {
        skipSpace();
        if (peek() == '\'' || peek() == '"') {
            String s = parseString();
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "ONNX metadata '" + key + "' has a non-numeric class id: " + s, e);
            }
        }
        return parseInt();
    }

    private int parseInt() {
        skipSpace();
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Integer.parseInt(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("an integer");
        }
    }

    private String parseString() {
        skipSpace();
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw error("a quoted string");
        }
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a closing " + quote);
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("an escape after \\");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'x' -> sb.appendCodePoint(hex(2));
                case 'u' -> sb.appendCodePoint(hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                default -> sb.append(e); // \\, \', \" and anything else literally
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw error(digits + " hex digits");
        }
        try {
            int value = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return value;
        } catch (NumberFormatException e) {
            throw error(digits + " hex digits");
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean consumeIf(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        if (pos >= text.length()) {
            throw error("'" + c + "'");
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private void expectEnd() {
        skipSpace();
        if (pos < text.length()) {
            throw error("the end of the value");
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("ONNX metadata '" + key + "' is not a Python literal this reader knows:"
                + " expected " + expected + " at offset " + pos + " of " + abbreviate(text));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
