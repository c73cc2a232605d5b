package org.edgeway.web.common.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's TLS certificate and key: a PKCS#12 keystore the integrator provides, or one the gateway generates
 * for itself (a self-signed EC P-256 certificate, renewed when it nears its end or no longer covers the names the
 * gateway is reached by). Generation runs the JDK's {@code keytool}: the JDK has no public API to create a
 * certificate, and this keeps a crypto library out of the gateway.
 */
public final class TlsKeystore {

    private static final String ALIAS = "edgeway-web";
    /** 825 days: the longest validity browsers accept for a TLS server certificate. */
    private static final int VALIDITY_DAYS = 825;
    private static final Duration RENEW_BEFORE_END = Duration.ofDays(30);
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);
    /** keytool reads the password from this variable of its environment: a command line is visible to every user. */
    private static final String PASSWORD_VARIABLE = "EDGEWAY_WEB_KEYSTORE_PASSWORD";
    private static final int PASSWORD_BYTES = 18;
    private static final int MAX_OUTPUT_CHARS = 4000;
    /** SAN types of RFC 5280 as {@link X509Certificate#getSubjectAlternativeNames()} numbers them. */
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** Characters with a meaning in a distinguished name (RFC 4514, and keytool's {@code ;}), or invisible. */
    private static final Pattern CN_FORBIDDEN = Pattern.compile("[,=+\"\\\\;<>\\p{Cntrl}]");
    private static final int MAX_CN_CHARACTERS = 64;

    private TlsKeystore() {
    }

    /** A loaded keystore: its file, its password and the certificate of its key entry. */
    public record Keystore(Path file, char[] password, X509Certificate certificate) {

        public Keystore {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(certificate, "certificate");
        }

        /** @return the SHA-256 fingerprint of the certificate, as upper-case hex pairs separated by colons */
        public String fingerprint() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
                return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new IllegalStateException("cannot compute the fingerprint of " + file + "'s certificate", e);
            }
        }

        @Override
        public String toString() {
            return "Keystore[file=" + file + ", subject=" + certificate.getSubjectX500Principal().getName()
                    + ", notAfter=" + certificate.getNotAfter().toInstant() + ", fingerprint=" + fingerprint() + "]";
        }
    }

    /**
     * Loads a keystore the integrator provides.
     *
     * @throws IllegalArgumentException naming the file and the problem if it is missing, cannot be opened with
     *                                  {@code password}, or has no private key with an X.509 certificate chain
     */
    public static Keystore loadProvided(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        char[] storePassword = password == null ? new char[0] : password.clone();
        if (!Files.isRegularFile(file)) {
            throw problem(file, "no such file");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw problem(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
        } catch (KeyStoreException e) {
            throw new IllegalStateException("PKCS12 is part of every Java 17 runtime", e);
        }
        try {
            store.load(new ByteArrayInputStream(content), storePassword);
        } catch (IOException | GeneralSecurityException e) {
            // not chained: the causes say nothing the user can act on besides these two
            throw problem(file, "wrong password or not a PKCS#12 keystore");
        }
        try {
            List<String> aliases = Collections.list(store.aliases());
            // sorted: the same entry every time if there are several
            Collections.sort(aliases);
            for (String alias : aliases) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    continue;
                }
                try {
                    // the TLS server gets one password for the store and its key: the key must open with it
                    if (store.getKey(alias, storePassword) instanceof PrivateKey) {
                        return new Keystore(file, storePassword, leaf);
                    }
                } catch (UnrecoverableKeyException e) {
                    throw problem(file, "the private key " + alias + " does not open with the keystore's password");
                }
            }
        } catch (KeyStoreException | NoSuchAlgorithmException e) {
            throw problem(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        throw problem(file, "has no private key entry with an X.509 certificate");
    }

    /**
     * Returns the gateway's own keystore, generating it first if it is missing or unreadable, its certificate
     * ends within 30 days, or it does not cover every name in {@code dnsNames} and {@code ipAddresses}.
     *
     * @param file         the keystore (written owner-only)
     * @param passwordFile where its random password is kept (owner-only)
     * @param commonName   the certificate's subject CN (the gateway's id)
     * @param dnsNames     host names the certificate must cover (subject alternative names)
     * @param ipAddresses  IPv4 or IPv6 literals the certificate must cover
     * @param clock        for the remaining validity
     * @throws IllegalArgumentException if a name or address is not valid
     * @throws IOException              if keytool fails (its output and exit code), times out, or a file cannot be
     *                                  written
     */
    public static Keystore generateIfNeeded(Path file, Path passwordFile, String commonName, List<String> dnsNames,
            List<String> ipAddresses, Clock clock) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return generateIfNeeded(file, passwordFile, commonName, dnsNames, ipAddresses, clock, keytool,
                KEYTOOL_TIMEOUT);
    }

    /** As the public one, with the keytool to run and how long to wait for it (for tests). */
    static Keystore generateIfNeeded(Path file, Path passwordFile, String commonName, List<String> dnsNames,
            List<String> ipAddresses, Clock clock, Path keytool, Duration timeout) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(clock, "clock");
        validateCommonName(commonName);
        List<String> dns = new ArrayList<>();
        for (String name : Objects.requireNonNull(dnsNames, "dnsNames")) {
            dns.add(validDnsName(name));
        }
        List<InetAddress> ips = new ArrayList<>();
        for (String address : Objects.requireNonNull(ipAddresses, "ipAddresses")) {
            ips.add(parseIpLiteral(address));
        }
        Optional<Keystore> existing = loadGenerated(file, passwordFile);
        if (existing.isPresent() && isStillGood(existing.get().certificate(), dns, ips, clock.instant())) {
            return existing.get();
        }
        return generate(file, passwordFile, commonName, dns, ips, keytool, timeout);
    }

    private static Optional<Keystore> loadGenerated(Path file, Path passwordFile) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(passwordFile)) {
            return Optional.empty();
        }
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        try {
            return Optional.of(loadProvided(file, password.toCharArray()));
        } catch (IllegalArgumentException e) {
            // a damaged keystore of our own making is simply made anew
            return Optional.empty();
        }
    }

    private static boolean isStillGood(X509Certificate certificate, List<String> dnsNames, List<InetAddress> ips,
            Instant now) {
        if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE_END))) {
            return false;
        }
        Collection<List<?>> alternativeNames;
        try {
            alternativeNames = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        Set<String> coveredDns = new HashSet<>();
        Set<InetAddress> coveredIps = new HashSet<>();
        for (List<?> name : alternativeNames == null ? List.<List<?>>of() : alternativeNames) {
            if (name.size() < 2 || !(name.get(0) instanceof Integer type) || !(name.get(1) instanceof String value)) {
                continue;
            }
            if (type == SAN_DNS) {
                coveredDns.add(value.toLowerCase(Locale.ROOT));
            } else if (type == SAN_IP) {
                try {
                    coveredIps.add(parseIpLiteral(value));
                } catch (IllegalArgumentException e) {
                    // not an address we could have asked for
                }
            }
        }
        return dnsNames.stream().allMatch(name -> coveredDns.contains(name.toLowerCase(Locale.ROOT)))
                && coveredIps.containsAll(ips);
    }

    private static Keystore generate(Path file, Path passwordFile, String commonName, List<String> dnsNames,
            List<InetAddress> ips, Path keytool, Duration timeout) throws IOException {
        Path target = file.toAbsolutePath();
        SecureFiles.createPrivateDirectories(target.getParent());
        // keytool writes into an owner-only directory beside the target: never readable by others, and one rename
        // away from its place
        Path work = SecureFiles.createPrivateTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        String password = randomPassword();
        try {
            Path generated = work.resolve("keystore.p12");
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-validity", Integer.toString(VALIDITY_DAYS), "-dname", "CN=" + commonName));
            List<String> alternativeNames = new ArrayList<>();
            dnsNames.forEach(name -> alternativeNames.add("dns:" + name));
            ips.forEach(ip -> alternativeNames.add("ip:" + ip.getHostAddress()));
            if (!alternativeNames.isEmpty()) {
                command.add("-ext");
                command.add("SAN=" + String.join(",", alternativeNames));
            }
            command.addAll(List.of("-storetype", "PKCS12", "-keystore", generated.toString(),
                    "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE));
            runKeytool(command, password, work.resolve("keytool.out"), timeout);
            if (!Files.isRegularFile(generated)) {
                throw new IOException("keytool reported success but wrote no keystore " + generated);
            }
            SecureFiles.restrictToOwner(generated);
            // the password first: should the gateway stop between the two, the old keystore fails to open with the
            // new password and is generated anew at the next start
            SecureFiles.writeAtomically(passwordFile, password + "\n");
            SecureFiles.moveAtomically(generated, target);
        } finally {
            SecureFiles.deleteRecursively(work);
        }
        try {
            return loadProvided(file, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw new IOException("the keystore keytool generated cannot be loaded: " + e.getMessage());
        }
    }

    private static void runKeytool(List<String> command, String password, Path output, Duration timeout)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // to a file, not a pipe: nothing to drain, so the timeout holds even if keytool hangs
                .redirectOutput(output.toFile());
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        // no input: should keytool ever prompt, it reads end of file instead of waiting forever
        process.getOutputStream().close();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while keytool generated the TLS keystore");
        }
        if (!finished) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within " + timeout.toSeconds() + " s: " + command.get(0));
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed with exit code " + process.exitValue() + ": "
                    + readOutput(output, password));
        }
    }

    private static String readOutput(Path output, String password) {
        String text;
        try {
            // keytool writes in the platform's encoding
            text = new String(Files.readAllBytes(output), Charset.defaultCharset()).strip();
        } catch (IOException e) {
            return "(its output cannot be read: " + e.getMessage() + ")";
        }
        // keytool never has the password but from its environment; should it ever print it, it goes no further
        text = text.replace(password, "[password]");
        return text.length() > MAX_OUTPUT_CHARS ? text.substring(0, MAX_OUTPUT_CHARS) + "..." : text;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void validateCommonName(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("the certificate's common name must not be empty");
        }
        if (CN_FORBIDDEN.matcher(commonName).find() || commonName.startsWith("#")
                || !commonName.equals(commonName.strip()) || commonName.length() > MAX_CN_CHARACTERS) {
            throw new IllegalArgumentException("the certificate's common name '" + commonName + "' is not valid: at most "
                    + MAX_CN_CHARACTERS + " characters, none of , = + \" \\ ; < >, no leading # or blanks");
        }
    }

    private static String validDnsName(String name) {
        if (name == null || !DNS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid DNS name: only letters, digits, '-' "
                    + "and '.' between labels");
        }
        return name;
    }

    /** Parses an IPv4 or IPv6 literal, never a host name: no name lookup ever happens here. */
    static InetAddress parseIpLiteral(String address) {
        if (address == null) {
            throw new IllegalArgumentException("null is not an IP address");
        }
        Matcher ipv4 = IPV4.matcher(address);
        boolean literal;
        if (ipv4.matches()) {
            literal = true;
            for (int group = 1; group <= 4; group++) {
                String octet = ipv4.group(group);
                // leading zeros read as octal elsewhere: refused rather than guessed
                literal &= Integer.parseInt(octet) <= 255 && (octet.length() == 1 || octet.charAt(0) != '0');
            }
        } else {
            // only hex digits, colons and dots: InetAddress parses it as IPv6 and never looks it up
            literal = IPV6.matcher(address).matches();
        }
        if (literal) {
            try {
                return InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                // falls through to the refusal
            }
        }
        throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
    }

    private static IllegalArgumentException problem(Path file, String problem) {
        return new IllegalArgumentException("tls.keystore " + file + ": " + problem);
    }
}
