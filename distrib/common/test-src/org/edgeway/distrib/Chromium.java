package org.edgeway.distrib;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium and its WebDriver ({@code apt-get install chromium chromium-driver}) for the browser tests, or a
 * skipped test naming the packages when they are missing.
 *
 * <p>This file is compiled into every distribution's tests (common/test-src), but only the distributions with a
 * browser test have Selenium on their test classpath; so it names the executables and the headless arguments, and
 * the browser test builds its {@code ChromeDriver} from them.
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Headless, as root in a container (no sandbox, no /dev/shm limits), a laptop-sized window so that the UI shows
     * its full layout, and the gateway's self-signed certificate accepted (the REST test checks the real one).
     */
    static final List<String> HEADLESS_ARGUMENTS = List.of("--headless=new", "--no-sandbox",
            "--disable-dev-shm-usage", "--ignore-certificate-errors", "--window-size=1366,900");

    /** Something to close that may throw, e.g. {@code driver::quit}. */
    interface Closer {
        void close() throws Exception;
    }

    private Chromium() {
    }

    /** Skips the calling test (an assumption failure) unless both the browser and its driver are installed. */
    static void installedOrSkip() {
        assumeTrue("the browser test needs Chromium and its WebDriver at " + BROWSER + " and " + DRIVER
                + ", but chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER));
    }

    /** Closes without letting a failure to close hide the test's own result. */
    static void closeQuietly(Closer closer) {
        try {
            closer.close();
        } catch (Exception e) {
            // the browser or driver is already gone: nothing left to clean up
        }
    }
}
