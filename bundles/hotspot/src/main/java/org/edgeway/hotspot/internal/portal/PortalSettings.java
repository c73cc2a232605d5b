package org.edgeway.hotspot.internal.portal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the captive portal listens and what it shows.
 *
 * @param bindAddress     address to listen on (an IP literal), e.g. {@code 0.0.0.0}
 * @param port            TCP port, 0 for any free one (tests)
 * @param publicHost      host name or address clients reach the portal under, used in {@code user-portal-url};
 *                        null or blank: the local address the request arrived on
 * @param publicPort      port in {@code user-portal-url}; 0: the port the portal listens on
 * @param venueInfoUrl    optional {@code venue-info-url} (http or https), null or blank for none
 * @param defaultLanguage {@code de} or {@code en}: when neither {@code lang} nor {@code Accept-Language} decides
 * @param titleDe         page title in German
 * @param titleEn         page title in English
 * @param termsDe         terms of use in German, plain text (blank lines separate paragraphs)
 * @param termsEn         terms of use in English, plain text
 * @param zone            the zone whose days bound acceptances and form tokens
 */
public record PortalSettings(String bindAddress, int port, String publicHost, int publicPort, String venueInfoUrl,
        String defaultLanguage, String titleDe, String titleEn, String termsDe, String termsEn, ZoneId zone) {

    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 8081;
    public static final Set<String> LANGUAGES = Set.of("de", "en");

    /** @throws IllegalArgumentException naming every invalid setting */
    public PortalSettings {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress.strip();
        publicHost = publicHost == null || publicHost.isBlank() ? null : publicHost.strip();
        venueInfoUrl = venueInfoUrl == null || venueInfoUrl.isBlank() ? null : venueInfoUrl.strip();
        defaultLanguage = defaultLanguage == null || defaultLanguage.isBlank() ? "de" : defaultLanguage.strip();
        titleDe = titleDe == null ? "" : titleDe;
        titleEn = titleEn == null ? "" : titleEn;
        termsDe = termsDe == null ? "" : termsDe;
        termsEn = termsEn == null ? "" : termsEn;
        Objects.requireNonNull(zone, "zone");
        List<String> problems = new ArrayList<>();
        // Literals only: resolving a name here would make activation depend on DNS.
        if (!bindAddress.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            problems.add("bind address: must be an IP address such as 0.0.0.0");
        }
        if (port < 0 || port > 65535) {
            problems.add("port: " + port + " is outside 0..65535");
        }
        if (publicPort < 0 || publicPort > 65535) {
            problems.add("public port: " + publicPort + " is outside 0..65535");
        }
        if (publicHost != null && !validHost(publicHost)) {
            problems.add("public host: must be a host name or an IP address");
        }
        if (venueInfoUrl != null && !validHttpUrl(venueInfoUrl)) {
            problems.add("venue info URL: must be an absolute http or https URL");
        }
        if (!LANGUAGES.contains(defaultLanguage)) {
            problems.add("default language: must be de or en");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid captive portal settings: " + String.join("; ", problems));
        }
    }

    /** @return production defaults (0.0.0.0:8081, German first) with the given texts */
    public static PortalSettings defaults(String titleDe, String titleEn, String termsDe, String termsEn,
            ZoneId zone) {
        return new PortalSettings(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, null, 0, null, "de", titleDe, titleEn, termsDe,
                termsEn, zone);
    }

    private static boolean validHost(String host) {
        try {
            String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            URI uri = new URI("http://" + literal + "/");
            return uri.getHost() != null && uri.getRawUserInfo() == null && uri.getPort() == -1;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean validHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
