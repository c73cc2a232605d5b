package org.edgeway.fleet.internal.ops;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The answer to DEPLOY-V2 {@code GET packages} (Kura's XML: {@code <packages><package><name/><version/><signer/>
 * <bundles><bundle><name/><version/><id/><state/></bundle>...</bundles></package>...</packages>}), read to check
 * that a deployed package runs. The XML comes from a gateway: DTDs and external entities are refused, and sizes are
 * bounded.
 */
record PackageList(List<Installed> packages) {

    static final int MAX_PACKAGES = 1000;
    static final int MAX_BUNDLES = 10_000;
    static final int MAX_TEXT = 1000;

    /** A bundle of a package: {@code id} -1 or a state other than ACTIVE or RESOLVED (a fragment) is not running. */
    record Bundle(String name, String state, long id) {
        boolean running() {
            return id >= 0 && (state.equals("ACTIVE") || state.equals("RESOLVED"));
        }
    }

    record Installed(String name, String version, List<Bundle> bundles) {
    }

    Optional<Installed> find(String name, String version) {
        return packages.stream().filter(p -> p.name().equals(name) && p.version().equals(version)).findFirst();
    }

    /**
     * Whether the package is installed and runs, as a problem: empty when it does, otherwise what is wrong (for the
     * job's message).
     */
    Optional<String> problemWith(String name, String version) {
        Optional<Installed> found = find(name, version);
        if (found.isEmpty()) {
            String installed = packages.stream().filter(p -> p.name().equals(name)).map(Installed::version)
                    .findFirst().map(v -> " (it runs version " + OpsCheck.shorten(v, 64) + ")").orElse("");
            return Optional.of("the gateway does not list " + name + " " + version + " among its packages"
                    + installed);
        }
        List<String> stopped = found.get().bundles().stream().filter(b -> !b.running())
                .map(b -> OpsCheck.shorten(b.name(), 100) + " is " + OpsCheck.shorten(b.state(), 20)).toList();
        if (!stopped.isEmpty()) {
            return Optional.of("installed, but " + String.join(", ", stopped.subList(0, Math.min(5, stopped.size())))
                    + (stopped.size() > 5 ? " and " + (stopped.size() - 5) + " more" : ""));
        }
        return Optional.empty();
    }

    /**
     * Reads the XML.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static PackageList parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new IllegalArgumentException("the package list is empty");
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                return read(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("the package list is not valid XML: "
                    + OpsCheck.shorten(e.getMessage(), 200), e);
        }
    }

    private static PackageList read(XMLStreamReader reader) throws XMLStreamException {
        List<Installed> packages = new ArrayList<>();
        int bundleCount = 0;
        // path: packages > package > (name | version | signer | bundles > bundle > (name | version | id | state))
        String packageName = null;
        String packageVersion = null;
        List<Bundle> bundles = null;
        String bundleName = null;
        String bundleState = null;
        long bundleId = -1;
        List<String> path = new ArrayList<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new IllegalArgumentException("the package list holds a DTD or an entity");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = reader.getLocalName();
                path.add(element);
                String where = String.join("/", path);
                boolean consumed = true; // text() reads up to the end element
                switch (where) {
                    case "packages" -> consumed = false;
                    case "packages/package" -> {
                        consumed = false;
                        if (packages.size() >= MAX_PACKAGES) {
                            throw new IllegalArgumentException("the package list has more than " + MAX_PACKAGES
                                    + " packages");
                        }
                        packageName = null;
                        packageVersion = null;
                        bundles = new ArrayList<>();
                    }
                    case "packages/package/bundles/bundle" -> {
                        consumed = false;
                        if (++bundleCount > MAX_BUNDLES) {
                            throw new IllegalArgumentException("the package list has more than " + MAX_BUNDLES
                                    + " bundles");
                        }
                        bundleName = null;
                        bundleState = null;
                        bundleId = -1;
                    }
                    case "packages/package/name" -> packageName = text(reader);
                    case "packages/package/version" -> packageVersion = text(reader);
                    case "packages/package/bundles/bundle/name" -> bundleName = text(reader);
                    case "packages/package/bundles/bundle/state" -> bundleState = text(reader);
                    case "packages/package/bundles/bundle/id" -> bundleId = id(text(reader));
                    default -> {
                        consumed = false;
                        if (path.size() == 1) {
                            throw new IllegalArgumentException("the package list starts with <"
                                    + OpsCheck.shorten(element, 40) + ">, not <packages>");
                        }
                    }
                }
                if (consumed) {
                    path.remove(path.size() - 1);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String where = String.join("/", path);
                if (where.equals("packages/package")) {
                    if (packageName == null || packageVersion == null) {
                        throw new IllegalArgumentException("a package of the list has no name or version");
                    }
                    packages.add(new Installed(packageName, packageVersion, List.copyOf(bundles)));
                } else if (where.equals("packages/package/bundles/bundle")) {
                    bundles.add(new Bundle(bundleName == null ? "?" : bundleName,
                            bundleState == null ? "UNKNOWN" : bundleState, bundleId));
                }
                path.remove(path.size() - 1);
            }
        }
        return new PackageList(List.copyOf(packages));
    }

    private static String text(XMLStreamReader reader) throws XMLStreamException {
        String text = reader.getElementText().strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the package list has a value longer than " + MAX_TEXT
                    + " characters");
        }
        return text;
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
