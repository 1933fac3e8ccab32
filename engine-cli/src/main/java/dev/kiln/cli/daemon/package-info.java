/**
 * The compiler daemon (by default at a terminal outside CI, {@code kiln --daemon …} or {@code KILN_DAEMON=1};
 * {@code DaemonPolicy} decides): a long-lived JVM
 * per project, user and build of Kiln that runs {@code compile}, {@code parse} and {@code ls} for
 * short-lived {@code kiln} clients over a Unix domain socket, each request as the client's own
 * process would (its working directory, its whole environment), streaming stdout and stderr back.
 * {@link dev.kiln.cli.daemon.DaemonClient} is the client (JDK classes only);
 * {@link dev.kiln.cli.daemon.DaemonServer} the daemon. See docs/cli.md, "Compiler daemon".
 */
package dev.kiln.cli.daemon;
