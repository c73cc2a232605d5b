package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void requiresAPassword() {
        assertThat(PasswordPolicy.problem(null)).hasValue("a password is required");
        assertThat(PasswordPolicy.problem(new char[0])).hasValue("a password is required");
        assertThat(PasswordPolicy.problem("            ".toCharArray())).hasValue("a password is required");
        assertThat(PasswordPolicy.problem(" \t\u00a0\n        ".toCharArray())).hasValue("a password is required");
    }

    @Test
    void acceptsTenToTwoHundredCharacters() {
        assertThat(PasswordPolicy.problem("a".repeat(9).toCharArray()))
                .hasValue("the password must have at least 10 characters");
        assertThat(PasswordPolicy.problem("a".repeat(10).toCharArray())).isEmpty();
        assertThat(PasswordPolicy.problem("a".repeat(200).toCharArray())).isEmpty();
        assertThat(PasswordPolicy.problem("a".repeat(201).toCharArray()))
                .hasValue("the password must have at most 200 characters");
        assertThat(PasswordPolicy.problem(" spaces inside ".toCharArray())).isEmpty();
    }

    @Test
    void countsCharactersNotUtf16Units() {
        // 9 emoji are 18 chars in Java but 9 characters for the user
        assertThat(PasswordPolicy.problem("\uD83D\uDE00".repeat(9).toCharArray()))
                .hasValue("the password must have at least 10 characters");
        assertThat(PasswordPolicy.problem("\uD83D\uDE00".repeat(10).toCharArray())).isEmpty();
    }
}
