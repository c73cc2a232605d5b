package org.edgeway.modbus.internal.profile;

/** A profile file was refused; the message names the file, the entry and what is wrong with it. */
public final class ProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;

    public ProfileException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public ProfileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file (or resource) that was refused. */
    public String source() {
        return source;
    }
}
