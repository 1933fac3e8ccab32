package dev.kiln.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Makes a second Ctrl-C end the JVM at once. While shutdown hooks run, the JVM ignores further
 * interrupts; this installs a handler for {@code SIGINT} through {@code sun.misc.Signal} (in the
 * {@code jdk.unsupported} module), reached by reflection so the build needs no internal API.
 * Where it is missing, a second Ctrl-C simply waits for the cancellation like the first.
 */
final class ForceQuit {

    /** The exit status of a process ended by {@code SIGINT}. */
    static final int STATUS = 130;

    private ForceQuit() {
    }

    /**
     * Halts the JVM (without running further hooks) when the next {@code SIGINT} arrives.
     *
     * @return whether the handler could be installed
     */
    static boolean onNextInterrupt() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance("INT");
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    Runtime.getRuntime().halt(STATUS);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "kiln force quit";
            };
            Object handler = Proxy.newProxyInstance(ForceQuit.class.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
