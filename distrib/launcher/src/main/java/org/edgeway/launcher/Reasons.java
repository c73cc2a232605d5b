package org.edgeway.launcher;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the short, single-line reasons printed after {@code edgeway: ...: }. */
final class Reasons {

    private Reasons() {
    }

    static String of(Throwable failure) {
        String reason;
        if (failure instanceof FileAlreadyExistsException e) {
            reason = e.getFile() + " exists and is not a directory";
        } else if (failure instanceof NoSuchFileException e) {
            reason = e.getFile() + ": no such file or directory";
        } else if (failure instanceof AccessDeniedException e) {
            reason = e.getFile() + ": permission denied";
        } else if (failure instanceof FileSystemException e && e.getReason() != null) {
            reason = e.getMessage();
        } else if (failure.getMessage() == null || failure.getMessage().isBlank()) {
            reason = failure.getClass().getSimpleName();
        } else {
            reason = failure.getMessage();
        }
        return oneLine(reason);
    }

    /** Our errors are one line each, so that log scrapers and journal views show the whole message. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
