package dev.kiln.cli.daemon;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the client reads a command line and its settings, without starting anything. */
class DaemonClientArgsTest {

    @Test
    void projectDirIsTheLastGivenResolvedAgainstTheWorkingDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(DaemonPolicy.projectDir(new String[] {"compile"})).isEqualTo(cwd);
        assertThat(DaemonPolicy.projectDir(new String[] {"--project-dir", "p", "compile"})).isEqualTo(cwd.resolve("p"));
        assertThat(DaemonPolicy.projectDir(new String[] {"compile", "--project-dir=/x/y/../z"})).isEqualTo(Path.of("/x/z"));
        assertThat(DaemonPolicy.projectDir(new String[] {"--vars", "--project-dir", "compile"})).isEqualTo(cwd);
        assertThat(DaemonPolicy.projectDir(new String[] {"compile", "--project-dir"})).isNull();
    }

    @Test
    void idleTimeoutTakesUnitsAndDefaultsToThirtyMinutes() {
        assertThat(DaemonSettings.idleTimeout(Map.of())).isEqualTo(Duration.ofMinutes(30));
        assertThat(DaemonSettings.idleTimeout(Map.of("KILN_DAEMON_IDLE_TIMEOUT", "90s"))).isEqualTo(Duration.ofSeconds(90));
        assertThat(DaemonSettings.idleTimeout(Map.of("KILN_DAEMON_IDLE_TIMEOUT", "2h"))).isEqualTo(Duration.ofHours(2));
        assertThat(DaemonSettings.idleTimeout(Map.of("KILN_DAEMON_IDLE_TIMEOUT", "45"))).isEqualTo(Duration.ofSeconds(45));
        assertThat(DaemonSettings.idleTimeout(Map.of("KILN_DAEMON_IDLE_TIMEOUT", "soon"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(DaemonSettings.idleTimeout(Map.of("KILN_DAEMON_IDLE_TIMEOUT", "0m"))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void logFormatComesFromTheClientsEnvironmentUnlessGiven() {
        assertThat(DaemonServer.withLogFormat(List.of("ls"), Map.of("KILN_LOG_FORMAT", "json")))
                .containsExactly("--log-format=json", "ls");
        assertThat(DaemonServer.withLogFormat(List.of("ls"), Map.of())).containsExactly("--log-format=text", "ls");
        assertThat(DaemonServer.withLogFormat(List.of("ls", "--log-format", "text"), Map.of("KILN_LOG_FORMAT", "json")))
                .containsExactly("ls", "--log-format", "text");
    }

    @Test
    void aDirectoryOthersCanEnterIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path made = tmp.resolve("made/kiln");
        DaemonAddress.secure(made);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(made)))
                .isEqualTo("rwx------");
        java.nio.file.Files.setPosixFilePermissions(made, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DaemonAddress.secure(made))
                .hasMessageContaining("can be read or entered by others");
    }

    @Test
    void theNamedSelectorProviderIsTheOneTheJdkWouldPickAndANamedOneIsKept() throws Exception {
        String before = System.getProperty(DaemonClient.SELECTOR_PROVIDER);
        try {
            System.clearProperty(DaemonClient.SELECTOR_PROVIDER);
            DaemonClient.namedSelectorProvider();
            String named = System.getProperty(DaemonClient.SELECTOR_PROVIDER);
            // what the JDK picks without a name (this JVM's provider, looked up before any name was set)
            assertThat(named).isEqualTo(java.nio.channels.spi.SelectorProvider.provider().getClass().getName());
            Class<?> type = Class.forName(named, false, null);
            assertThat(java.nio.channels.spi.SelectorProvider.class.isAssignableFrom(type)).isTrue();
            assertThat(java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();

            System.setProperty(DaemonClient.SELECTOR_PROVIDER, "com.example.OwnProvider");
            DaemonClient.namedSelectorProvider();
            assertThat(System.getProperty(DaemonClient.SELECTOR_PROVIDER)).isEqualTo("com.example.OwnProvider");
        } finally {
            if (before == null) {
                System.clearProperty(DaemonClient.SELECTOR_PROVIDER);
            } else {
                System.setProperty(DaemonClient.SELECTOR_PROVIDER, before);
            }
        }
    }

    @Test
    void namesAreStableHexAndTellCloseInputsApart() {
        assertThat(DaemonAddress.hash("/home/a/project")).isEqualTo(DaemonAddress.hash("/home/a/project"))
                .hasSize(32).matches("[0-9a-f]{32}");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) { // paths one character apart, as a user's projects are
            names.add(DaemonAddress.hash("/home/a/project" + i + "\nuser\nbuild").substring(0, 20));
            names.add(DaemonAddress.hash("/home/a/projecT" + i + "\nuser\nbuild").substring(0, 20));
        }
        assertThat(names).hasSize(40_000);
        assertThat(DaemonAddress.hash("")).isNotEqualTo(DaemonAddress.hash("\0"));
    }
}
