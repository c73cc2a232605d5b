package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchOptionsTest {

    @Test
    void noArgumentsMeanDefaults() throws Exception {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.home()).isEmpty();
        assertThat(options.settings()).isEmpty();
        assertThat(options.help()).isFalse();
        assertThat(options.version()).isFalse();
    }

    @Test
    void homeAsSeparateOrInlineValue() throws Exception {
        assertThat(LaunchOptions.parse("--home", "/srv/gw").home()).contains(Path.of("/srv/gw"));
        assertThat(LaunchOptions.parse("--home=/srv/gw").home()).contains(Path.of("/srv/gw"));
    }

    @Test
    void setIsRepeatableInBothForms() throws Exception {
        LaunchOptions options = LaunchOptions.parse("--set", "a:b=1", "--set=c~x:d.e=2");

        assertThat(options.settings()).containsExactly(new Setting("a", "b", "1"), new Setting("c~x", "d.e", "2"));
    }

    @Test
    void helpAndVersion() throws Exception {
        assertThat(LaunchOptions.parse("--help").help()).isTrue();
        assertThat(LaunchOptions.parse("--version").version()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--homes", "start", "--help=yes", "--verbose"})
    void unknownOptions(String option) {
        assertThatThrownBy(() -> LaunchOptions.parse(option))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.lines()).containsExactly("unknown option '" + option + "' (see --help)");
                });
    }

    @Test
    void unknownOptionDoesNotEchoAPassword() {
        assertThatThrownBy(() -> LaunchOptions.parse("--sett=db:password=hunter2"))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.lines())
                        .containsExactly("unknown option '--sett=db:password=***' (see --help)"));
    }

    @Test
    void optionsNeedTheirValues() {
        assertThatThrownBy(() -> LaunchOptions.parse("--home"))
                .hasMessage("option '--home' needs a value (see --help)");
        assertThatThrownBy(() -> LaunchOptions.parse("--home="))
                .hasMessage("option '--home' needs a value (see --help)");
        assertThatThrownBy(() -> LaunchOptions.parse("--home", "--set", "a:b=c"))
                .hasMessage("option '--home' needs a value (see --help)");
        assertThatThrownBy(() -> LaunchOptions.parse("--set"))
                .hasMessage("option '--set' needs a value (see --help)");
    }

    @Test
    void homeOnlyOnce() {
        assertThatThrownBy(() -> LaunchOptions.parse("--home", "/a", "--home=/b"))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("option '--home' given more than once (see --help)");
    }

    @Test
    void malformedSetIsReported() {
        assertThatThrownBy(() -> LaunchOptions.parse("--set", "nocolon=1"))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.lines())
                            .containsExactly("malformed --set 'nocolon=1': expected <pid>:<key>=<value>");
                });
    }
}
