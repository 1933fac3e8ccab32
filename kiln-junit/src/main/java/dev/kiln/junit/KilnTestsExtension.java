package dev.kiln.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

/**
 * Resolves a {@link KilnDynamicTests} parameter from the nearest {@link KilnTests}: on the
 * method, else on the test class or one of its enclosing classes. Registered by
 * {@link KilnTests} itself.
 */
public final class KilnTestsExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KilnDynamicTests.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KilnTests settings = find(context).orElseThrow(() -> new ParameterResolutionException(
                "A KilnDynamicTests parameter needs @KilnTests(projectDir = …) on the method or its class."));
        return KilnDynamicTests.from(settings);
    }

    private static Optional<KilnTests> find(ExtensionContext context) {
        Optional<KilnTests> onMethod = context.getTestMethod().flatMap(m -> annotation(m));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            Optional<KilnTests> onClass = annotation(c);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    private static Optional<KilnTests> annotation(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, KilnTests.class);
    }
}
