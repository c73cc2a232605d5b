package org.edgeway.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a package file (see {@link PackageFormat}) before anything of it is installed and unpacks its bundles:
 * size limits (the file and what it unpacks to), entry names (no path traversal, nothing but the manifest, the
 * signature and {@code bundles/*.jar}), the signature against the trusted keys, then every bundle against the SHA-256
 * in the signed manifest, and that each is an OSGi bundle. Refusals are {@link PackageException}s naming the problem.
 */
final class PackageVerifier {

    /** A bundle of a verified package, unpacked. */
    record VerifiedBundle(String symbolicName, String version, boolean fragment, Path file) {
    }

    /** A verified package; {@code signer} is the fingerprint of the key that verified it, or {@code unsigned}. */
    record VerifiedPackage(String name, String version, String signer, List<VerifiedBundle> bundles) {
    }

    private final List<PublicKey> trustedKeys;
    private final boolean allowUnsigned;
    private final long maxBytes;

    PackageVerifier(List<PublicKey> trustedKeys, boolean allowUnsigned, long maxBytes) {
        this.trustedKeys = List.copyOf(trustedKeys);
        this.allowUnsigned = allowUnsigned;
        this.maxBytes = maxBytes;
    }

    /** Verifies {@code file} and unpacks its bundles into {@code target}, a new or empty directory. */
    VerifiedPackage verify(Path file, Path target) throws PackageException, IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new PackageException("package is " + size + " bytes, more than the limit of " + maxBytes
                    + " bytes (max.package.bytes)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> entries = entries(zip);
            long[] budget = {maxBytes}; // uncompressed bytes left: a zip bomb stops here
            ZipEntry manifestEntry = entries.get(PackageFormat.MANIFEST);
            if (manifestEntry == null) {
                throw new PackageException("not an edgeway package: it has no " + PackageFormat.MANIFEST);
            }
            byte[] manifest = read(zip, manifestEntry, budget);
            String signer = checkSignature(zip, entries.get(PackageFormat.SIGNATURE), manifest, budget);
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(new ByteArrayInputStream(manifest), StandardCharsets.UTF_8));
            String name = safe(properties, PackageFormat.NAME);
            String version = safe(properties, PackageFormat.VERSION);
            Map<String, String> listed = listedBundles(properties);
            for (String entry : entries.keySet()) {
                if (entry.startsWith(PackageFormat.BUNDLE_DIR) && !listed.containsKey(entry)) {
                    throw new PackageException("entry " + entry + " is not listed in the signed manifest");
                }
            }
            Files.createDirectories(target);
            List<VerifiedBundle> bundles = new ArrayList<>();
            Set<String> symbolicNames = new HashSet<>();
            for (Map.Entry<String, String> bundle : listed.entrySet()) {
                ZipEntry entry = entries.get(bundle.getKey());
                if (entry == null) {
                    throw new PackageException("bundle " + bundle.getKey() + " is listed in the manifest but missing");
                }
                Path unpacked = target.resolve(bundle.getKey().substring(PackageFormat.BUNDLE_DIR.length()));
                String digest = unpack(zip, entry, unpacked, budget);
                if (!digest.equalsIgnoreCase(bundle.getValue())) {
                    throw new PackageException("bundle " + bundle.getKey() + " was tampered with: its SHA-256 is "
                            + digest + ", the signed manifest says " + bundle.getValue());
                }
                VerifiedBundle verified = describe(bundle.getKey(), unpacked);
                if (!symbolicNames.add(verified.symbolicName())) {
                    throw new PackageException("two bundles of the package are " + verified.symbolicName());
                }
                bundles.add(verified);
            }
            return new VerifiedPackage(name, version, signer, bundles);
        } catch (ZipException e) {
            throw new PackageException("package is not a valid zip file: " + e.getMessage());
        }
    }

    /**
     * Checks a single bundle jar given locally and copies it into {@code target} as a package of its own, named after
     * the bundle; there is no signature to check: {@code signer} names who gave it.
     */
    VerifiedPackage verifyLocalBundle(Path jar, Path target, String signer) throws PackageException, IOException {
        long size = Files.size(jar);
        if (size > maxBytes) {
            throw new PackageException("the bundle is " + size + " bytes, more than the limit of " + maxBytes
                    + " bytes (max.package.bytes)");
        }
        Files.createDirectories(target);
        Path copy = target.resolve("bundle.jar");
        Files.copy(jar, copy);
        VerifiedBundle bundle = describe(jar.getFileName().toString(), copy);
        if (bundle.fragment()) {
            throw new PackageException("the bundle " + bundle.symbolicName() + " is a fragment; install it in a "
                    + "package together with its host");
        }
        try {
            PackageFormat.requireSafe("the bundle's symbolic name", bundle.symbolicName());
            PackageFormat.requireSafe("the bundle's version", bundle.version());
        } catch (IllegalArgumentException e) {
            throw new PackageException(e.getMessage());
        }
        Path named = target.resolve(bundle.symbolicName() + "-" + bundle.version() + ".jar");
        Files.move(copy, named);
        return new VerifiedPackage(bundle.symbolicName(), bundle.version(), signer,
                List.of(new VerifiedBundle(bundle.symbolicName(), bundle.version(), false, named)));
    }

    /** Every entry by name, after refusing traversal, duplicates and anything but the allowed entries. */
    private static Map<String, ZipEntry> entries(ZipFile zip) throws PackageException {
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry entry = all.nextElement();
            String name = entry.getName();
            if (name.startsWith("/") || name.contains("\\") || name.contains(":") || name.contains("\0")
                    || List.of(name.split("/", -1)).contains("..")) {
                throw new PackageException("entry " + name + " escapes the package (path traversal); refused");
            }
            if (entry.isDirectory() && name.equals(PackageFormat.BUNDLE_DIR)) {
                continue;
            }
            boolean allowed = name.equals(PackageFormat.MANIFEST) || name.equals(PackageFormat.SIGNATURE)
                    || (name.startsWith(PackageFormat.BUNDLE_DIR) && name.endsWith(".jar")
                            && PackageFormat.SAFE.matcher(name.substring(PackageFormat.BUNDLE_DIR.length())).matches());
            if (!allowed || entry.isDirectory()) {
                throw new PackageException("entry " + name + " is not a bundle: a package holds only "
                        + PackageFormat.MANIFEST + ", " + PackageFormat.SIGNATURE + " and bundles/*.jar");
            }
            if (entries.put(name, entry) != null) {
                throw new PackageException("entry " + name + " appears twice");
            }
        }
        return entries;
    }

    private String checkSignature(ZipFile zip, ZipEntry entry, byte[] manifest, long[] budget)
            throws PackageException, IOException {
        if (entry == null) {
            if (allowUnsigned) {
                return "unsigned";
            }
            throw new PackageException("package is unsigned (no " + PackageFormat.SIGNATURE + "); unsigned packages "
                    + "are refused (allow.unsigned=false)");
        }
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(new String(read(zip, entry, budget), StandardCharsets.US_ASCII)
                    .strip());
        } catch (IllegalArgumentException e) {
            throw new PackageException(PackageFormat.SIGNATURE + " is not base64: " + e.getMessage());
        }
        if (trustedKeys.isEmpty()) {
            throw new PackageException("package signature cannot be verified: no trusted keys are configured "
                    + "(org.edgeway.deploy: trusted.keys or trusted.keys.dir)");
        }
        for (PublicKey key : trustedKeys) {
            if (Keys.verify(key, manifest, signature)) {
                return Keys.fingerprint(key);
            }
        }
        throw new PackageException("package signature does not verify with any of the " + trustedKeys.size()
                + " trusted keys: signed with an unknown key, or the manifest was tampered with");
    }

    private static String safe(Properties properties, String key) throws PackageException {
        try {
            return PackageFormat.requireSafe(key, properties.getProperty(key));
        } catch (IllegalArgumentException e) {
            throw new PackageException("manifest: " + e.getMessage());
        }
    }

    /** {@code bundles/FILE.jar} to its SHA-256, in manifest order. */
    private static Map<String, String> listedBundles(Properties properties) throws PackageException {
        Map<String, String> listed = new LinkedHashMap<>();
        for (int i = 0; properties.getProperty("bundle." + i) != null; i++) {
            String path = properties.getProperty("bundle." + i);
            String hash = properties.getProperty("bundle." + i + ".sha256");
            if (!path.startsWith(PackageFormat.BUNDLE_DIR) || !path.endsWith(".jar")
                    || !PackageFormat.SAFE.matcher(path.substring(PackageFormat.BUNDLE_DIR.length())).matches()) {
                throw new PackageException("manifest: bundle." + i + " '" + path + "' is not bundles/FILE.jar");
            }
            if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
                throw new PackageException("manifest: bundle." + i + ".sha256 is missing or not 64 hex digits");
            }
            if (listed.put(path, hash) != null) {
                throw new PackageException("manifest: " + path + " is listed twice");
            }
        }
        if (listed.isEmpty()) {
            throw new PackageException("manifest lists no bundles (bundle.0=...)");
        }
        Map<String, String> names = new HashMap<>();
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("bundle.")).forEach(k -> names.put(k, k));
        if (names.size() != listed.size() * 2) {
            throw new PackageException("manifest: bundle entries must be numbered from 0 without gaps");
        }
        return listed;
    }

    private byte[] read(ZipFile zip, ZipEntry entry, long[] budget) throws IOException, PackageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(zip, entry, out, budget, null);
        return out.toByteArray();
    }

    private String unpack(ZipFile zip, ZipEntry entry, Path target, long[] budget)
            throws IOException, PackageException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            copy(zip, entry, out, budget, digest);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void copy(ZipFile zip, ZipEntry entry, OutputStream out, long[] budget, MessageDigest digest)
            throws IOException, PackageException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[16384];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                budget[0] -= n;
                if (budget[0] < 0) {
                    throw new PackageException("package unpacks to more than the limit of " + maxBytes
                            + " bytes (max.package.bytes); refused");
                }
                out.write(buffer, 0, n);
                if (digest != null) {
                    digest.update(buffer, 0, n);
                }
            }
        }
    }

    private static VerifiedBundle describe(String entry, Path file) throws PackageException, IOException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (ZipException e) {
            throw new PackageException("bundle " + entry + " is not a jar: " + e.getMessage());
        }
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        String symbolicName = main == null ? null : main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new PackageException("entry " + entry + " is not an OSGi bundle: no Bundle-SymbolicName");
        }
        String version = main.getValue("Bundle-Version");
        return new VerifiedBundle(symbolicName.split(";")[0].strip(), version == null ? "0.0.0" : version.strip(),
                main.getValue("Fragment-Host") != null, file);
    }
}
