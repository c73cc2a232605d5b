package org.edgeway.transit.internal.gtfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One file of a GTFS zip, streamed record by record with Commons CSV (RFC 4180, header line, UTF-8 with an optional
 * byte order mark). Values are trimmed; a column a record leaves out reads as empty (GTFS producers often drop
 * trailing empty optional fields). Errors name the feed, the file, the line and the column.
 */
final class GtfsTable implements AutoCloseable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).get();
    private static final char BOM = '\uFEFF';

    private final String feed;
    private final String file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> columns = new HashMap<>();
    private CSVRecord current;
    private long line;

    private GtfsTable(String feed, String file, BufferedReader reader) throws GtfsException {
        this.feed = feed;
        this.file = file;
        try {
            this.parser = CSVParser.parse(reader, FORMAT);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new GtfsException(feed + ": " + file + ": unreadable header line: " + message(e), e);
        }
        List<String> names = parser.getHeaderNames();
        for (int i = 0; i < names.size(); i++) {
            // some producers pad header names; the first may still carry a BOM when the file has two
            columns.putIfAbsent(names.get(i).replace(String.valueOf(BOM), "").trim(), i);
        }
        this.records = parser.iterator();
    }

    /**
     * Opens a member of the feed: at the root of the zip, or in its only folder (some exports zip a directory).
     *
     * @return the table, or null when the feed has no such file
     */
    static GtfsTable open(ZipFile zip, String feed, String file) throws GtfsException {
        ZipEntry entry = find(zip, file);
        if (entry == null) {
            return null;
        }
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(zip.getInputStream(entry),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
            reader.mark(1);
            if (reader.read() != BOM) {
                reader.reset();
            }
            return new GtfsTable(feed, file, reader);
        } catch (IOException e) {
            throw new GtfsException(feed + ": " + file + ": cannot be read: " + message(e), e);
        }
    }

    /** Like {@link #open} but a missing file is an error. */
    static GtfsTable openRequired(ZipFile zip, String feed, String file) throws GtfsException {
        GtfsTable table = open(zip, feed, file);
        if (table == null) {
            throw new GtfsException(feed + ": required file " + file + " is missing");
        }
        return table;
    }

    private static ZipEntry find(ZipFile zip, String file) {
        ZipEntry entry = zip.getEntry(file);
        if (entry != null && !entry.isDirectory()) {
            return entry;
        }
        ZipEntry found = null;
        for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext();) {
            ZipEntry e = it.next();
            String name = e.getName();
            int slash = name.indexOf('/');
            if (!e.isDirectory() && slash > 0 && slash == name.lastIndexOf('/') && name.endsWith("/" + file)) {
                if (found != null) {
                    return null; // ambiguous: two folders with feeds
                }
                found = e;
            }
        }
        return found;
    }

    /** @throws GtfsException naming the first of the columns the header lacks */
    GtfsTable require(String... names) throws GtfsException {
        for (String name : names) {
            if (!columns.containsKey(name)) {
                throw new GtfsException(feed + ": " + file + " line 1: required column " + name
                        + " is missing (header has " + columns.keySet() + ")");
            }
        }
        return this;
    }

    /** @return true when the header has the column */
    boolean has(String name) {
        return columns.containsKey(name);
    }

    /** Advances to the next record; false at the end. */
    boolean next() throws GtfsException {
        try {
            if (!records.hasNext()) {
                current = null;
                return false;
            }
            current = records.next();
            line = parser.getCurrentLineNumber();
            return true;
        } catch (UncheckedIOException | IllegalStateException e) {
            // Commons CSV reports broken quoting and bad UTF-8 this way; its message carries the line
            throw new GtfsException(feed + ": " + file + " after line " + line + ": malformed CSV: " + message(e), e);
        }
    }

    /** @return the trimmed value of the column in the current record, empty when absent */
    String get(String name) {
        Integer index = columns.get(name);
        if (index == null || !current.isSet(index)) {
            return "";
        }
        return current.get(index).trim();
    }

    /** @return the non-empty value of the column */
    String required(String name) throws GtfsException {
        String value = get(name);
        if (value.isEmpty()) {
            throw error(name, "must not be empty");
        }
        return value;
    }

    /** @return the line the current record ends on (1 is the header) */
    long line() {
        return line;
    }

    String file() {
        return file;
    }

    /** @return an exception naming the feed, file, line and column */
    GtfsException error(String column, String problem) {
        return new GtfsException(feed + ": " + file + " line " + line + ", column " + column + ": " + problem);
    }

    /** @return where the current record is, for log lines */
    String where() {
        return file + " line " + line;
    }

    private static String message(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().startsWith(t.getCause().getClass()
                .getName())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // only a read stream of the zip: nothing to save
        }
    }
}
