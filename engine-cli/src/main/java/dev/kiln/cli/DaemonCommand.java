package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.cli.daemon.DaemonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/**
 * {@code kiln daemon status|stop}: the compiler daemon of the project (see
 * {@link dev.kiln.cli.daemon.DaemonServer} and docs/cli.md, "Compiler daemon").
 */
@Command(name = "daemon",
        description = "Show (status) or stop (stop) the compiler daemon of the project, which runs compile, parse and ls "
                + "when --daemon or KILN_DAEMON=1 is given.")
public final class DaemonCommand extends KilnSubcommand {

    @Parameters(index = "0", paramLabel = "ACTION", description = "status or stop")
    String action;

    @Override
    protected int execute(Terminal terminal) {
        boolean stop = switch (action) {
            case "status" -> false;
            case "stop" -> true;
            default -> throw new KilnException(ErrorCode.USAGE, "kiln daemon takes status or stop, not '" + action + "'.");
        };
        String answer;
        try {
            answer = DaemonClient.control(options().projectDir(), stop);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.USAGE, "Cannot reach the compiler daemon: " + e.getMessage());
        }
        if (answer == null) {
            terminal.println("No compiler daemon runs for " + Terminal.display(options().projectDir().toAbsolutePath().normalize())
                    + " (with this build of Kiln).");
        } else {
            terminal.println(answer);
        }
        return 0;
    }
}
