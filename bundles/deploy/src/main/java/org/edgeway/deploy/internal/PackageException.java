package org.edgeway.deploy.internal;

/** A package that is refused; the message says why in one sentence, naming the entry or key at fault. */
final class PackageException extends Exception {

    private static final long serialVersionUID = 1L;

    PackageException(String message) {
        super(message);
    }
}
