package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.payload.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class CommandRequestsTest {

    @TempDir
    Path home;

    private CommandRequests handler(boolean enabled, int timeoutS, int limit, String... allowed) {
        return new CommandRequests(new CommandRequests.Settings(enabled, List.of(allowed), timeoutS, limit, home,
                System.getenv("PATH")));
    }

    private static Request exec(Map<String, Object> metrics) {
        return new Request("CMD-V1", Verb.EXEC, List.of("command"), "r1", "console",
                Payload.builder().metrics(metrics).build());
    }

    private static String stdout(Response response) {
        return response.payload().stringMetric("command.stdout").orElseThrow();
    }

    @Test
    void disabledByDefaultAndEveryRequestIsRefused() {
        CommandRequests handler = handler(false, 30, 65536, "/bin/echo");

        for (Request request : List.of(exec(Map.of("command.command", "/bin/echo")),
                new Request("CMD-V1", Verb.GET, List.of("anything"), "r2", "console", Payload.builder().build()))) {
            Response response = handler.handle(request);
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.errorMessage())
                    .isEqualTo("command execution is disabled (org.edgeway.core.command enabled=false)");
        }
    }

    @Test
    void runsAnAllowedCommandWithoutAShell() {
        CommandRequests handler = handler(true, 30, 65536, "/bin/echo");

        Response response = handler.handle(exec(Map.of("command.command", "/bin/echo",
                "command.argument0", "hello", "command.argument1", "$HOME;ls")));

        assertThat(response.code()).as(response.errorMessage()).isEqualTo(200);
        assertThat(stdout(response)).isEqualTo("hello $HOME;ls\n");
        assertThat(response.payload().stringMetric("command.stderr")).contains("");
        assertThat(response.payload().metric("command.exit.code").orElseThrow().value()).isEqualTo(0);
        assertThat(response.payload().metric("command.timedout").orElseThrow().value()).isEqualTo(false);
    }

    @Test
    void splitsKurasCommandLineAndPassesEnvironmentAndDirectory() throws Exception {
        java.nio.file.Files.createDirectory(home.resolve("work"));
        CommandRequests handler = handler(true, 30, 65536, "env", "pwd", "/bin/sh");

        Response env = handler.handle(exec(Map.of("command.command", "env",
                "command.environment.pair0", "GREETING=hi=there")));
        Response pwd = handler.handle(exec(Map.of("command.command", "pwd", "command.working.directory", "work")));
        Response exitCode = handler.handle(exec(Map.of("command.command", "/bin/sh -c", "command.argument0",
                "echo oops >&2; exit 3")));

        assertThat(stdout(env)).contains("GREETING=hi=there");
        assertThat(stdout(pwd).strip()).isEqualTo(home.resolve("work").toRealPath().toString());
        assertThat(exitCode.payload().metric("command.exit.code").orElseThrow().value()).isEqualTo(3);
        assertThat(exitCode.payload().stringMetric("command.stderr")).contains("oops\n");
    }

    @Test
    void refusesCommandsNotOnTheAllowList() {
        CommandRequests handler = handler(true, 30, 65536, "/bin/echo", "ls");

        for (String command : List.of("/bin/ls", "echo", "/usr/bin/../../bin/echo", "./echo", "/bin/echo2")) {
            Response response = handler.handle(exec(Map.of("command.command", command)));
            assertThat(response.code()).as(command).isEqualTo(400);
            assertThat(response.errorMessage()).as(command).contains("'" + command + "' is not allowed");
        }
        assertThat(handler.handle(exec(Map.of())).errorMessage()).contains("missing metric command.command");
        assertThat(handler.handle(exec(Map.of("command.command", "/bin/echo", "command.environment.pair0",
                "novalue"))).code()).isEqualTo(400);
        assertThat(handler.handle(exec(Map.of("command.command", "/bin/echo", "command.environment.pair0",
                "LD_PRELOAD=/tmp/x.so"))).code()).isEqualTo(400);
        assertThat(handler.handle(exec(Map.of("command.command", "/bin/echo", "command.working.directory",
                "/does/not/exist"))).code()).isEqualTo(400);
        assertThat(handler.handle(exec(Map.of("command.command", "/bin/echo", "command.timeout", "soon")))
                .code()).isEqualTo(400);
        assertThat(handler.handle(new Request("CMD-V1", Verb.GET, List.of("command"), "r", "c",
                Payload.builder().build())).code()).isEqualTo(404);
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() {
        CommandRequests handler = handler(true, 30, 65536, "/bin/sleep");

        Response response = handler.handle(exec(Map.of("command.command", "/bin/sleep", "command.argument0", "30",
                "command.timeout", 1)));

        assertThat(response.code()).as(response.errorMessage()).isEqualTo(200);
        assertThat(response.payload().metric("command.timedout").orElseThrow().value()).isEqualTo(true);
    }

    @Test
    void killsTheChildrenOfATimedOutCommandToo() throws Exception {
        CommandRequests handler = handler(true, 1, 65536, "/bin/sh");

        Response response = handler.handle(exec(Map.of("command.command", "/bin/sh",
                "command.argument0", "-c", "command.argument1", "/bin/sleep 31 & echo $!; wait")));

        assertThat(response.payload().metric("command.timedout").orElseThrow().value()).isEqualTo(true);
        long child = Long.parseLong(stdout(response).strip());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void truncatesOutputAtTheLimitAndSaysSo() {
        CommandRequests handler = handler(true, 1, 100, "/usr/bin/yes");

        Response response = handler.handle(exec(Map.of("command.command", "/usr/bin/yes")));

        assertThat(response.code()).as(response.errorMessage()).isEqualTo(200);
        String out = stdout(response);
        assertThat(out).startsWith("y\ny\n").contains("[edgeway: output truncated: 100 of ");
        assertThat(out.length()).isLessThan(200);
        assertThat(response.payload().metric("command.stdout.truncated").orElseThrow().value()).isEqualTo(true);
        assertThat(response.payload().metric("command.timedout").orElseThrow().value()).isEqualTo(true);
    }

    @Test
    void runsOneCommandAtATime() throws Exception {
        CommandRequests handler = handler(true, 30, 65536, "/bin/sleep", "/bin/echo");
        Thread first = new Thread(() -> handler.handle(exec(Map.of("command.command", "/bin/sleep",
                "command.argument0", "30", "command.timeout", 3))));
        first.start();
        Response second;
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            Thread.sleep(50);
            second = handler.handle(exec(Map.of("command.command", "/bin/echo")));
        } while (second.code() == 200 && System.nanoTime() < deadline);

        assertThat(second.code()).isEqualTo(400);
        assertThat(second.errorMessage()).contains("another command is running");
        first.join();
        assertThat(handler.handle(exec(Map.of("command.command", "/bin/echo"))).code()).isEqualTo(200);
    }

    @Test
    void aMissingExecutableIsAClearError() {
        CommandRequests handler = handler(true, 30, 65536, "/no/such/tool", "no-such-tool-anywhere");

        Response absolute = handler.handle(exec(Map.of("command.command", "/no/such/tool")));
        Response bare = handler.handle(exec(Map.of("command.command", "no-such-tool-anywhere")));

        assertThat(absolute.code()).isEqualTo(500);
        assertThat(absolute.errorMessage()).startsWith("cannot run /no/such/tool");
        assertThat(bare.code()).isEqualTo(400);
        assertThat(bare.errorMessage()).contains("'no-such-tool-anywhere' is allowed but not found on the PATH");
    }
}
