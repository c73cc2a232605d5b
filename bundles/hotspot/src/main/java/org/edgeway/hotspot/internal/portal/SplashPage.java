package org.edgeway.hotspot.internal.portal;

import java.util.Locale;

/**
 * The splash page: self-contained HTML (inline style, no scripts, no external resources, since a captive client
 * cannot load anything else yet) in German or English. Every configured or client-supplied text is HTML-escaped.
 */
final class SplashPage {

    /** What the page shows besides the terms. */
    enum View {
        /** the terms and the form to accept them */
        FORM,
        /** the client is online */
        ONLINE,
        /** the request does not come from a client of this hotspot: the terms, no form */
        UNKNOWN_CLIENT
    }

    private record Texts(String lang, String fallbackTitle, String termsHeading, String button, String online,
            String unknownClient, String remaining, String otherLanguage, String otherLanguageName) {
    }

    private static final Texts DE = new Texts("de", "Kostenloses WLAN", "Nutzungsbedingungen",
            "Bedingungen akzeptieren und online gehen", "Sie sind online. Gute Fahrt!",
            "Dieses Gerät ist mit diesem WLAN nicht verbunden. Bitte verbinden Sie sich erneut mit dem WLAN.",
            "Verbleibend", "en", "English");
    private static final Texts EN = new Texts("en", "Free Wi-Fi", "Terms of use", "Accept the terms and go online",
            "You are online. Have a good trip!",
            "This device is not connected to this Wi-Fi. Please reconnect to the Wi-Fi network.",
            "Remaining", "de", "Deutsch");

    private static final String STYLE = "body{font-family:sans-serif;margin:0;background:#f4f4f4;color:#222}"
            + "main{max-width:40em;margin:0 auto;padding:1em;background:#fff}"
            + "h1{font-size:1.5em}h2{font-size:1.1em}.terms{max-height:50vh;overflow:auto;border:1px solid #ccc;"
            + "padding:0 .8em}button{font-size:1.1em;padding:.6em 1.2em;margin:1em 0}"
            + ".online{font-size:1.2em;font-weight:bold;color:#176117}nav{text-align:right}";

    private SplashPage() {
    }

    /**
     * @param token the form token (for {@link View#FORM})
     * @param state the client's state (for {@link View#ONLINE}), or null
     */
    static String render(PortalSettings settings, String lang, View view, String token, PortalState state) {
        Texts t = "en".equals(lang) ? EN : DE;
        String configuredTitle = "en".equals(lang) ? settings.titleEn() : settings.titleDe();
        String title = configuredTitle.isBlank() ? t.fallbackTitle() : configuredTitle.strip();
        String terms = "en".equals(lang) ? settings.termsEn() : settings.termsDe();

        StringBuilder html = new StringBuilder(2048 + terms.length() * 2);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(t.lang()).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<nav><a href=\"/?lang=").append(t.otherLanguage()).append("\" lang=\"")
                .append(t.otherLanguage()).append("\">").append(t.otherLanguageName()).append("</a></nav>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        switch (view) {
            case ONLINE -> {
                html.append("<p class=\"online\">").append(escape(t.online())).append("</p>\n");
                String remaining = remaining(state);
                if (!remaining.isEmpty()) {
                    html.append("<p>").append(escape(t.remaining())).append(": ").append(escape(remaining))
                            .append("</p>\n");
                }
            }
            case UNKNOWN_CLIENT -> html.append("<p>").append(escape(t.unknownClient())).append("</p>\n");
            case FORM -> {
                // nothing above the terms
            }
        }
        if (!terms.isBlank()) {
            html.append("<h2>").append(escape(t.termsHeading())).append("</h2>\n<div class=\"terms\">\n");
            appendParagraphs(html, terms);
            html.append("</div>\n");
        }
        if (view == View.FORM) {
            html.append("<form method=\"post\" action=\"/accept\">\n")
                    .append("<input type=\"hidden\" name=\"token\" value=\"").append(escape(token)).append("\">\n")
                    .append("<input type=\"hidden\" name=\"lang\" value=\"").append(t.lang()).append("\">\n")
                    .append("<button type=\"submit\">").append(escape(t.button())).append("</button>\n")
                    .append("</form>\n");
        }
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    // Plain text to HTML: blank lines separate paragraphs, single line breaks stay line breaks.
    private static void appendParagraphs(StringBuilder html, String text) {
        for (String paragraph : text.replace("\r\n", "\n").strip().split("\n\\s*\n")) {
            html.append("<p>");
            String[] lines = paragraph.strip().split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    html.append("<br>\n");
                }
                html.append(escape(lines[i].strip()));
            }
            html.append("</p>\n");
        }
    }

    private static String remaining(PortalState state) {
        if (state == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (state.secondsRemaining() != null) {
            long minutes = (state.secondsRemaining() + 59) / 60;
            out.append(minutes >= 60 ? String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60)
                    : minutes + " min");
        }
        if (state.bytesRemaining() != null) {
            if (out.length() > 0) {
                out.append(", ");
            }
            long bytes = state.bytesRemaining();
            out.append(bytes >= 1_000_000 ? bytes / 1_000_000 + " MB" : (bytes + 999) / 1000 + " kB");
        }
        return out.toString();
    }

    // Five characters cover text and double- or single-quoted attribute values. (A one-liner; not worth a library.)
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
