package dev.kiln.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Installs a handler for {@code SIGINT} (Ctrl-C) through {@code sun.misc.Signal} (in the
 * {@code jdk.unsupported} module), reached by reflection so the build needs no internal API.
 * JDK classes only: the compiler daemon's client uses it too.
 */
public final class SigInt {

    /** The exit status of a process ended by {@code SIGINT}. */
    public static final int STATUS = 130;

    private SigInt() {
    }

    /**
     * Runs {@code action} on each {@code SIGINT} instead of the JVM's default (shutdown).
     *
     * @param name what the handler is called in its {@code toString} (for thread dumps)
     * @return whether the handler could be installed (where {@code sun.misc.Signal} is missing, the default stays)
     */
    public static boolean handle(Runnable action, String name) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance("INT");
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    action.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> name;
            };
            Object handler = Proxy.newProxyInstance(SigInt.class.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
