package org.edgeway.web.common.security;

import java.util.Optional;

/** What the console's password must be: 10 to 200 characters, not only blanks. */
public final class PasswordPolicy {

    static final int MIN_CHARACTERS = 10;
    static final int MAX_CHARACTERS = 200;

    private PasswordPolicy() {
    }

    /** @return what is wrong with {@code password}, in words for the user; empty if it is acceptable */
    public static Optional<String> problem(char[] password) {
        if (password == null || password.length == 0 || isBlank(password)) {
            return Optional.of("a password is required");
        }
        // characters as the user sees them: a character outside the BMP (two chars in Java) counts once
        int characters = Character.codePointCount(password, 0, password.length);
        if (characters < MIN_CHARACTERS) {
            return Optional.of("the password must have at least " + MIN_CHARACTERS + " characters");
        }
        if (characters > MAX_CHARACTERS) {
            return Optional.of("the password must have at most " + MAX_CHARACTERS + " characters");
        }
        return Optional.empty();
    }

    private static boolean isBlank(char[] password) {
        for (char c : password) {
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }
}
