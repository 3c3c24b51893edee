package dev.airlock.policy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EntityApproverDirectoryTest {

    @Test
    void readsTheDeclaredApproversAndTheirGroups() throws Exception {
        EntityApproverDirectory directory = EntityApproverDirectory.from(
                PolicyBundle.fromDirectory(Path.of(System.getProperty("airlock.policies.dir"))));

        assertThat(directory.isApprover("alice")).isTrue();
        assertThat(directory.groupsOf("alice")).isEqualTo(Set.of("dba"));
        assertThat(directory.isApprover("ops-bot")).as("an agent is no approver").isFalse();
        assertThat(directory.isApprover("mallory")).isFalse();
        assertThat(directory.groupsOf("mallory")).isEmpty();
        assertThat(directory.membersOf("dba")).extracting(a -> a.id() + " " + a.email())
                .containsExactly("alice alice@example.com", "bob bob@example.com");
        assertThat(directory.membersOf("nobody")).isEmpty();
        assertThat(directory.isApprover(null)).isFalse();
    }
}
