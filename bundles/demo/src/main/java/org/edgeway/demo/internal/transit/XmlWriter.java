package org.edgeway.demo.internal.transit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the small, fixed VDV 301 documents the simulator serves, indented, UTF-8 declared. Hand-written rather than
 * through DOM and a Transformer: a handful of nested elements with escaped text is all it takes, and the output is
 * exactly predictable.
 */
final class XmlWriter {

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    XmlWriter start(String element) {
        indent();
        out.append('<').append(element).append(">\n");
        open.push(element);
        return this;
    }

    XmlWriter end() {
        String element = open.pop();
        indent();
        out.append("</").append(element).append(">\n");
        return this;
    }

    /** {@code <element><Value>value</Value></element>}: how IBIS-IP wraps every value. */
    XmlWriter value(String element, Object value) {
        indent();
        out.append('<').append(element).append("><Value>").append(escape(String.valueOf(value)))
                .append("</Value></").append(element).append(">\n");
        return this;
    }

    /** {@code <element><Value>text</Value><Language>lang</Language></element>}: an international text. */
    XmlWriter text(String element, String text, String language) {
        indent();
        out.append('<').append(element).append("><Value>").append(escape(text)).append("</Value><Language>")
                .append(escape(language)).append("</Language></").append(element).append(">\n");
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements " + open);
        }
        return out.toString();
    }

    private void indent() {
        out.append("  ".repeat(open.size()));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
