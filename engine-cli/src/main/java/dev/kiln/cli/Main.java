package dev.kiln.cli;

/**
 * The {@code kiln} executable: runs one command line and exits with its exit code
 * (0 success, 1 a model or test failed, 2 the project or the command is invalid).
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs {@code kiln args…} and exits the JVM.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(KilnCli.run(Style.detect(), args));
    }
}
