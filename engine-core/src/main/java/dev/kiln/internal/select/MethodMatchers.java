package dev.kiln.internal.select;

import dev.kiln.internal.state.PreviousManifest;

import java.util.EnumMap;
import java.util.Map;

/** The {@link MethodMatcher} of each {@link SelectorMethod}, created on first use. */
final class MethodMatchers {

    private final SelectableIndex index;
    private final PreviousManifest state;
    private final Map<SelectorMethod, MethodMatcher> matchers = new EnumMap<>(SelectorMethod.class);

    /** @param state the earlier manifest for {@code state:}, or {@code null} when there is none */
    MethodMatchers(SelectableIndex index, PreviousManifest state) {
        this.index = index;
        this.state = state;
    }

    /** The matcher of {@code method}. */
    MethodMatcher forMethod(SelectorMethod method) {
        return matchers.computeIfAbsent(method, this::create);
    }

    private MethodMatcher create(SelectorMethod method) {
        return switch (method) {
            case FQN -> new FqnMatcher(index);
            case TAG -> new TagMatcher(index);
            case PATH -> new PathMatcher(index);
            case FILE -> new FileMatcher(index);
            case CONFIG -> new ConfigMatcher(index);
            case SOURCE -> new SourceMatcher(index);
            case RESOURCE_TYPE -> new ResourceTypeMatcher(index);
            case TEST_TYPE -> new TestTypeMatcher(index);
            case TEST_NAME -> new TestNameMatcher(index);
            case UNIT_TEST -> new UnitTestMatcher(index);
            case EXPOSURE -> new ExposureMatcher(index);
            case PACKAGE -> new PackageMatcher(index);
            case STATE -> {
                if (state == null) {
                    throw new IllegalStateException("state: selection without a manifest; Selector checks this first");
                }
                yield new StateMatcher(index, new StateComparator(state, index.root(), index.project()));
            }
        };
    }
}
