package org.edgeway.deploy.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signing keys with the JDK only: Ed25519 ({@code Ed25519}) and ECDSA ({@code SHA256withECDSA}). Public keys are
 * X.509 SubjectPublicKeyInfo, private keys PKCS#8, both as PEM or bare base64 (what {@code openssl pkey} writes).
 */
final class Keys {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Keys() {
    }

    /** The signature algorithm for a key: Ed25519 or SHA256withECDSA; others are refused. */
    static String algorithm(java.security.Key key) {
        if (key instanceof EdECKey || "EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
            return "Ed25519";
        }
        if (key instanceof ECKey) {
            return "SHA256withECDSA";
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + ": use Ed25519 or EC (ECDSA)");
    }

    /** Every public key in the text: PEM blocks ({@code PUBLIC KEY}), or the text itself as base64 DER. */
    static List<PublicKey> parsePublicKeys(String text) {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : derBlocks(text, "PUBLIC KEY")) {
            keys.add(publicKey(der));
        }
        return keys;
    }

    static PrivateKey parsePrivateKey(String text) {
        List<byte[]> blocks = derBlocks(text, "PRIVATE KEY");
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("expected one PKCS#8 private key (-----BEGIN PRIVATE KEY-----), found "
                    + blocks.size());
        }
        GeneralSecurityException last = null;
        for (String type : List.of("Ed25519", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or EC private key in PKCS#8: " + last.getMessage());
    }

    private static PublicKey publicKey(byte[] der) {
        GeneralSecurityException last = null;
        for (String type : List.of("Ed25519", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("not an Ed25519 or EC public key in X.509 SubjectPublicKeyInfo: "
                + last.getMessage());
    }

    private static List<byte[]> derBlocks(String text, String expectedType) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher matcher = PEM.matcher(text);
        boolean pem = false;
        while (matcher.find()) {
            pem = true;
            if (!matcher.group(1).equals(expectedType)) {
                throw new IllegalArgumentException("expected a PEM '" + expectedType + "' block, found '"
                        + matcher.group(1) + "'" + (matcher.group(1).contains("EC PRIVATE") ? " (convert with "
                                + "'openssl pkcs8 -topk8 -nocrypt')" : ""));
            }
            blocks.add(base64(matcher.group(2)));
        }
        if (!pem && !text.isBlank()) {
            blocks.add(base64(text));
        }
        return blocks;
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getMimeDecoder().decode(text.strip().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
    }

    static byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm(key));
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(algorithm(key));
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is a wrong signature
        }
    }

    /** {@code SHA-256:hex} of the key's DER encoding; what {@code edgeway-package keygen} prints. */
    static String fingerprint(PublicKey key) {
        return "SHA-256:" + HexFormat.of().formatHex(sha256(key.getEncoded()));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
