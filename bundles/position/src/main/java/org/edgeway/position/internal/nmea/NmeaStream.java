package org.edgeway.position.internal.nmea;

import java.time.Clock;

import org.edgeway.api.position.Fix;
import org.edgeway.position.internal.source.LineReader;
import org.edgeway.position.internal.source.SourceListener;

/** Lines of NMEA 0183 to reports: parses each line, combines epochs, tells the listener. One per source. */
public final class NmeaStream {

    private static final int QUOTE_LENGTH = 100;

    private final NmeaFixAssembler assembler;
    private final SourceListener listener;

    /**
     * @param source   the source name written into each fix
     * @param clock    the gateway clock (see {@link NmeaFixAssembler})
     * @param listener where the reports go
     */
    public NmeaStream(String source, Clock clock, SourceListener listener) {
        this.assembler = new NmeaFixAssembler(source, clock);
        this.listener = listener;
    }

    /**
     * Takes one line.
     *
     * @param line the line
     * @return true when it was a valid sentence (used or not); false for a rejected or empty line
     */
    public boolean accept(LineReader.Line line) {
        if (line.tooLong()) {
            listener.rejected("line longer than " + NmeaParser.MAX_LENGTH + " characters: " + quote(line.text()));
            return false;
        }
        String text = line.text();
        if (text.isBlank()) {
            return false;
        }
        NmeaSentence sentence;
        try {
            sentence = NmeaParser.parse(text);
        } catch (NmeaFormatException e) {
            listener.rejected(e.getMessage() + ": " + quote(text));
            return false;
        }
        if (sentence instanceof NmeaSentence.Other other) {
            listener.ignored(other.address());
            return true;
        }
        for (Fix fix : assembler.accept(sentence)) {
            listener.fix(fix);
        }
        return true;
    }

    /** Emits the epoch in progress: the link ended and nothing more of it will come. */
    public void flush() {
        assembler.flush().ifPresent(listener::fix);
    }

    private static String quote(String text) {
        String printable = text.strip().replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= QUOTE_LENGTH ? printable : printable.substring(0, QUOTE_LENGTH) + "...";
    }
}
