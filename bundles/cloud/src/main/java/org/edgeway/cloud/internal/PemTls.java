package org.edgeway.cloud.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the cloud connection from PEM files, the format brokers and certificate authorities hand out: a CA bundle
 * to verify the broker, and optionally a client certificate chain with its private key.
 *
 * <p>Only JDK security APIs are used. The server is always verified (against the CA file, or the JDK's default trust
 * store when there is none); hostname verification is the caller's job
 * ({@code MqttConnectOptions.setHttpsHostnameVerificationEnabled(true)}).
 *
 * <p>Every error is an {@link IllegalArgumentException} naming the file and what is wrong with it. Messages never
 * contain key material.
 */
public final class PemTls {

    /** A PEM block: type, optional RFC 1421 headers, base64 body. The END label must repeat the BEGIN label. */
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String ENCRYPTED = "encrypted private keys are not supported yet: decrypt it "
            + "(openssl pkey -in KEY -out KEY.pem)";
    /** Protects the key only inside the in-memory key store handed to the KeyManagerFactory; never stored. */
    private static final char[] IN_MEMORY_PASSWORD = "edgeway-in-memory".toCharArray();

    // DER object identifiers, content octets only
    private static final byte[] OID_RSA_ENCRYPTION = { 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01 };
    private static final byte[] OID_EC_PUBLIC_KEY = { 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01 };

    private static final int TAG_INTEGER = 0x02;
    private static final int TAG_OCTET_STRING = 0x04;
    private static final int TAG_NULL = 0x05;
    private static final int TAG_OID = 0x06;
    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_CONTEXT_0 = 0xa0;

    private PemTls() {
    }

    /**
     * A socket factory for Paho ({@code MqttConnectOptions.setSocketFactory}).
     *
     * @param caFile      PEM file with one or more CA certificates the server's chain must lead to; {@code null}: the
     *                    JDK's default trust store
     * @param certFile    PEM file with the client certificate, optionally followed by its intermediates; {@code null}:
     *                    no client certificate
     * @param keyFile     PEM file with the client certificate's private key (PKCS#8, PKCS#1 RSA or SEC1 EC);
     *                    required if and only if {@code certFile} is given
     * @param keyPassword reserved for encrypted keys, which are not supported yet; may be {@code null}
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile, char[] keyPassword) {
        TrustManager[] trustManagers = trustManagers(caFile);
        KeyManager[] keyManagers = keyManagers(certFile, keyFile, keyPassword);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /** Trust managers for the CA file; {@code null} (the JDK default) when there is none. */
    static TrustManager[] trustManagers(Path caFile) {
        if (caFile == null) {
            return null;
        }
        List<X509Certificate> cas = certificates(caFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(caFile + ": cannot use the CA certificates: " + e.getMessage(), e);
        }
    }

    /** Key managers presenting the certificate chain and key; {@code null} when neither file is given. */
    static KeyManager[] keyManagers(Path certFile, Path keyFile, char[] keyPassword) {
        if (certFile == null && keyFile == null) {
            return null;
        }
        if (certFile == null) {
            throw new IllegalArgumentException(keyFile + ": a private key needs its certificate file as well");
        }
        if (keyFile == null) {
            throw new IllegalArgumentException(certFile + ": a client certificate needs its private key file as well");
        }
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile, keyPassword);
        if (!matches(chain.get(0).getPublicKey(), key)) {
            throw new IllegalArgumentException("the private key in " + keyFile + " does not belong to the certificate in "
                    + certFile + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the key in " + keyFile + " with the certificate in " + certFile
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** All CERTIFICATE blocks of a PEM file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file) {
        List<Block> blocks = blocks(file);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks) {
            if (!block.type.equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
            } catch (CertificateException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": certificate " + (certificates.size() + 1)
                        + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + ": no -----BEGIN CERTIFICATE----- block (found "
                    + blocks.stream().map(block -> block.type).toList() + ")");
        }
        return certificates;
    }

    /** The first private key block of a PEM file (an EC PARAMETERS block before it is skipped). */
    static PrivateKey privateKey(Path file, char[] password) {
        List<Block> blocks = blocks(file);
        for (Block block : blocks) {
            if (block.encrypted || block.type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(file + ": " + ENCRYPTED);
            }
        }
        for (Block block : blocks) {
            switch (block.type) {
            case "PRIVATE KEY":
                return pkcs8(file, block.der);
            case "RSA PRIVATE KEY":
                return pkcs8(file, rsaToPkcs8(block.der));
            case "EC PRIVATE KEY":
                return pkcs8(file, sec1ToPkcs8(file, block.der));
            default:
                // certificates, EC PARAMETERS: not the key
            }
        }
        throw new IllegalArgumentException(file + ": no private key block (-----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY; found " + blocks.stream().map(block -> block.type).toList() + ")");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm; the messages are not shown as they might describe the key
            }
        }
        throw new IllegalArgumentException(file + ": unsupported key type (" + algorithmOf(der)
                + "): only RSA and EC private keys are supported");
    }

    /** Names the algorithm of a PKCS#8 PrivateKeyInfo for an error message, or says that it is unreadable. */
    private static String algorithmOf(byte[] pkcs8) {
        try {
            Der info = Der.read(pkcs8, 0, pkcs8.length, TAG_SEQUENCE);
            Der version = Der.read(pkcs8, info.start, info.end, TAG_INTEGER);
            Der algorithm = Der.read(pkcs8, version.next, info.end, TAG_SEQUENCE);
            Der oid = Der.read(pkcs8, algorithm.start, algorithm.end, TAG_OID);
            String dotted = dotted(Arrays.copyOfRange(pkcs8, oid.start, oid.end));
            return switch (dotted) {
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            case "1.3.101.110" -> "X25519";
            case "1.2.840.10040.4.1" -> "DSA";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            default -> "algorithm " + dotted;
            };
        } catch (IllegalArgumentException e) {
            return "not a readable PKCS#8 structure";
        }
    }

    private static boolean matches(PublicKey certified, PrivateKey key) {
        if (certified instanceof RSAPublicKey rsa && key instanceof RSAPrivateKey rsaKey) {
            return rsa.getModulus().equals(rsaKey.getModulus());
        }
        if (certified instanceof ECPublicKey && key instanceof ECPrivateKey) {
            // the JDK cannot derive an EC public key from the private one, so prove possession instead
            try {
                byte[] probe = new byte[32];
                new SecureRandom().nextBytes(probe);
                Signature signer = Signature.getInstance("SHA256withECDSA");
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(certified);
                verifier.update(probe);
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false; // e.g. the curves differ
            }
        }
        return false;
    }

    // ---- PKCS#1 and SEC1 to PKCS#8 --------------------------------------------------------------------------------
    //
    // The JDK's KeyFactory reads only PKCS#8 (PrivateKeyInfo), while OpenSSL's "traditional" RSA PRIVATE KEY (PKCS#1,
    // RFC 8017) and EC PRIVATE KEY (SEC1, RFC 5915) formats are still common. Both are exactly the privateKey
    // OCTET STRING content of a PrivateKeyInfo (RFC 5208), so a few bytes of DER around them make them readable; a
    // crypto library such as BouncyCastle would do the same but is a large dependency for this.

    /** PrivateKeyInfo { version 0, AlgorithmIdentifier { rsaEncryption, NULL }, OCTET STRING { RSAPrivateKey } }. */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        byte[] algorithm = tlv(TAG_SEQUENCE, concat(tlv(TAG_OID, OID_RSA_ENCRYPTION), tlv(TAG_NULL, new byte[0])));
        return privateKeyInfo(algorithm, pkcs1);
    }

    /**
     * PrivateKeyInfo { version 0, AlgorithmIdentifier { id-ecPublicKey, namedCurve }, OCTET STRING { ECPrivateKey } }.
     * The curve comes from the ECPrivateKey's own {@code parameters [0]} field, which OpenSSL always writes.
     */
    static byte[] sec1ToPkcs8(Path file, byte[] sec1) {
        byte[] curve = null;
        try {
            Der key = Der.read(sec1, 0, sec1.length, TAG_SEQUENCE);
            Der version = Der.read(sec1, key.start, key.end, TAG_INTEGER);
            Der secret = Der.read(sec1, version.next, key.end, TAG_OCTET_STRING);
            int at = secret.next;
            while (at < key.end) {
                Der field = Der.read(sec1, at, key.end, -1);
                if (field.tag == TAG_CONTEXT_0) {
                    Der oid = Der.read(sec1, field.start, field.end, TAG_OID);
                    curve = Arrays.copyOfRange(sec1, oid.start, oid.end);
                }
                at = field.next;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the EC PRIVATE KEY block is not a valid SEC1 ECPrivateKey ("
                    + e.getMessage() + ")");
        }
        if (curve == null) {
            throw new IllegalArgumentException(file + ": the EC PRIVATE KEY block names no curve (no parameters [0] "
                    + "field with a named-curve OID); convert it to PKCS#8 (openssl pkey -in KEY -out KEY.pem)");
        }
        byte[] algorithm = tlv(TAG_SEQUENCE, concat(tlv(TAG_OID, OID_EC_PUBLIC_KEY), tlv(TAG_OID, curve)));
        return privateKeyInfo(algorithm, sec1);
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] privateKey) {
        byte[] version = tlv(TAG_INTEGER, new byte[] { 0 });
        return tlv(TAG_SEQUENCE, concat(version, algorithm, tlv(TAG_OCTET_STRING, privateKey)));
    }

    /** A DER tag-length-value with a definite length in the shortest form. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0; // a sign byte
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String dotted(byte[] oid) {
        StringBuilder text = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : oid) {
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    int arc = (int) Math.min(value / 40, 2);
                    text.append(arc).append('.').append(value - 40L * arc);
                    first = false;
                } else {
                    text.append('.').append(value);
                }
                value = 0;
            }
        }
        return text.toString();
    }

    /** One DER element: tag, content bounds and the offset after it. Single-byte tags only, which is all we read. */
    private record Der(int tag, int start, int end, int next) {

        /** Reads the element at {@code at}, which must end by {@code limit}; {@code expected} -1 accepts any tag. */
        static Der read(byte[] der, int at, int limit, int expected) {
            if (at + 2 > limit) {
                throw new IllegalArgumentException("truncated DER");
            }
            int tag = der[at] & 0xff;
            if (expected >= 0 && tag != expected) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "DER tag 0x%02x where 0x%02x was expected",
                        tag, expected));
            }
            int first = der[at + 1] & 0xff;
            int start = at + 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 4 || start + count > limit) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[start + i] & 0xff);
                }
                start += count;
            }
            if (start + length > limit) {
                throw new IllegalArgumentException("truncated DER");
            }
            int end = (int) (start + length);
            return new Der(tag, start, end, end);
        }
    }

    // ---- PEM ------------------------------------------------------------------------------------------------------

    private record Block(String type, boolean encrypted, byte[] der) {
    }

    private static List<Block> blocks(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not a regular file");
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it: " + e.getClass().getSimpleName(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String type = matcher.group(1);
            String body = matcher.group(2);
            boolean encrypted = false;
            int headersEnd = body.indexOf(':') >= 0 ? headersEnd(body) : 0;
            if (headersEnd > 0) {
                encrypted = body.substring(0, headersEnd).lines()
                        .anyMatch(line -> line.replace(" ", "").equalsIgnoreCase("Proc-Type:4,ENCRYPTED"));
                body = body.substring(headersEnd);
            }
            if (encrypted) {
                // the body is ciphertext: decoding it would only produce a misleading error
                blocks.add(new Block(type, true, new byte[0]));
                continue;
            }
            try {
                blocks.add(new Block(type, false, Base64.getDecoder().decode(body.replaceAll("\\s", ""))));
            } catch (IllegalArgumentException e) {
                // the decoder's message quotes an offending character of the body; not repeated here
                throw new IllegalArgumentException(file + ": the " + type + " block (block " + (blocks.size() + 1)
                        + ") is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(file + ": no PEM block (-----BEGIN ...----- / -----END ...-----); "
                    + "is it PEM? DER files must be converted first (openssl x509 -inform der / openssl pkey -inform der)");
        }
        return blocks;
    }

    /** The offset after the RFC 1421 headers (lines with ':' up to an empty line), or 0 when there are none. */
    private static int headersEnd(String body) {
        int offset = 0;
        boolean sawHeader = false;
        while (offset < body.length()) {
            int newline = body.indexOf('\n', offset);
            int lineEnd = newline < 0 ? body.length() : newline;
            String line = body.substring(offset, lineEnd).strip();
            int next = newline < 0 ? body.length() : newline + 1;
            if (line.isEmpty()) {
                return sawHeader ? next : 0;
            }
            if (line.indexOf(':') < 0 && !(sawHeader && Character.isWhitespace(body.charAt(offset)))) {
                return sawHeader ? offset : 0; // no blank line after the headers: tolerate it
            }
            sawHeader = true;
            offset = next;
        }
        return sawHeader ? offset : 0;
    }
}
