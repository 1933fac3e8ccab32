package dev.kiln.internal.select;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    @ParameterizedTest
    @CsvSource({
            "stg_users, stg_users, true",
            "stg_users, stg_user, false",
            "stg_*, stg_users, true",
            "stg_*, stg_, true",
            "stg_*, dim_users, false",
            "*users, staging.stg_users, true",
            "stg_user?, stg_users, true",
            "stg_user?, stg_user, false",
            "[sd]*, dim, true",
            "[!sd]*, dim, false",
            "[a-c]x, bx, true",
            "[a-c]x, dx, false",
            "a.b, axb, false",
            "a+b*, a+bc, true",
            "(x)*, (x)y, true",
            "[x, [x, true",
            "STG_*, stg_users, false"})
    void matchesLikeFnmatch(String pattern, String text, boolean expected) {
        assertThat(Glob.of(pattern).matches(text)).isEqualTo(expected);
    }
}
