package dev.kiln.cli;

import dev.kiln.KilnException;
import dev.kiln.VarsYaml;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --vars} (a YAML or JSON mapping) as {@link VarsYaml} does. Anything else is a usage
 * error, which picocli reports with exit code 2.
 */
public final class VarsConverter implements ITypeConverter<Vars> {

    private static final String EXAMPLE = "Write a mapping, e.g. --vars '{as_of: 2026-11-01, limit: 10}'.";

    @Override
    public Vars convert(String text) {
        try {
            return new Vars(VarsYaml.mapping(text, "Value", EXAMPLE));
        } catch (KilnException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
