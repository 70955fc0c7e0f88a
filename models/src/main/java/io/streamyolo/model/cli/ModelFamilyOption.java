package io.streamyolo.model.cli;

import io.streamyolo.model.ModelFamily;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --model-type} option of {@code bin/detect} and the job: a {@link ModelFamily} by its
 * configuration name.
 *
 * <pre>{@code
 * @Option(names = "--model-type", defaultValue = "auto", converter = ModelFamilyOption.Converter.class,
 *         completionCandidates = ModelFamilyOption.Names.class, description = "${COMPLETION-CANDIDATES}")
 * ModelFamily modelType;
 * }</pre>
 */
public final class ModelFamilyOption {

    private ModelFamilyOption() {}

    /** Reads a name as {@link ModelFamily#parse} does; for any other value says which are accepted. */
    public static final class Converter implements ITypeConverter<ModelFamily> {
        @Override
        public ModelFamily convert(String text) {
            try {
                return ModelFamily.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("one of " + ModelFamily.acceptedValues());
            }
        }
    }

    /** The names, for the help's {@code ${COMPLETION-CANDIDATES}}: auto, ultralytics, yolox. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ModelFamily.values()).map(ModelFamily::configName).iterator();
        }
    }
}
