package dev.kiln.cli;

/**
 * The {@code kiln} executable: runs one command line and exits with its exit code
 * (0 success, 1 a model or test failed, 2 the project or the command is invalid). At a terminal
 * outside CI, with {@code --daemon} or with {@code KILN_DAEMON=1}, {@code compile}, {@code parse} and {@code ls} run in
 * the project's compiler daemon ({@link dev.kiln.cli.daemon.DaemonClient}); this class then loads
 * nothing but JDK classes and the client's. Otherwise it first makes sure DuckDB's native library
 * is unpacked beside the DuckDB jar ({@link DuckDbLibrary}).
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
        if (args.length > 0 && args[0].equals(dev.kiln.cli.daemon.DaemonClient.SERVE)) {
            DuckDbLibrary.prepare();
            dev.kiln.cli.daemon.DaemonServer.main(args);
            return;
        }
        int code = dev.kiln.cli.daemon.DaemonClient.run(args); // the daemon's client: JDK classes only
        if (code != dev.kiln.cli.daemon.DaemonClient.NOT_HANDLED) {
            System.exit(code);
        }
        DuckDbLibrary.prepare(); // before anything can load DuckDB
        System.exit(KilnCli.run(Style.detect(), args));
    }
}
