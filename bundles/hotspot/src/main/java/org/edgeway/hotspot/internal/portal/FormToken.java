package org.edgeway.hotspot.internal.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hidden token of the splash page's form: an HMAC of the client's pseudonym and the day, under a random key
 * that lives only as long as the process. A form posted for another client, from another page, or from another
 * process run, does not validate. The previous day's token is still accepted so that a page loaded just before
 * midnight works.
 */
final class FormToken {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    FormToken(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        key = new SecretKeySpec(secret, ALGORITHM);
    }

    String issue(String pseudonym, LocalDate day) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(pseudonym, day));
    }

    boolean valid(String token, String pseudonym, LocalDate today) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Constant-time comparison: the time taken must not reveal how much of a guess was right.
        return MessageDigest.isEqual(presented, mac(pseudonym, today))
                || MessageDigest.isEqual(presented, mac(pseudonym, today.minusDays(1)));
    }

    private byte[] mac(String pseudonym, LocalDate day) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((pseudonym + '\n' + day).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JRE has it
        }
    }
}
