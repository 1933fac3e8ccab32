package dev.kiln.internal.render;

import freemarker.template.TemplateModelException;

/**
 * A problem a template function finds in how it was called (an unknown {@code ref()}, a
 * missing var). Thrown inside FreeMarker so that the error carries the template line.
 */
final class TemplateProblem extends TemplateModelException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String hint;
    private final String plainMessage;

    TemplateProblem(String code, String message, String hint) {
        super(message);
        this.code = code;
        this.hint = hint;
        this.plainMessage = message;
    }

    /** The message without FreeMarker's template stack. */
    String plainMessage() {
        return plainMessage;
    }

    String code() {
        return code;
    }

    String hint() {
        return hint;
    }
}
