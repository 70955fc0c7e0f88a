package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassVotesTest {

    private final ClassVotes votes = new ClassVotes();

    @Test
    void testClassChangesOnlyWhenAnotherHasStrictlyMoreVotes() {
        int cls = votes.add(0, 0.5f, 0);
        assertThat(cls).isZero();
        cls = votes.add(2, 0.5f, cls);
        assertThat(cls).as("a tie keeps the class").isZero();
        cls = votes.add(2, 0.1f, cls);
        assertThat(cls).isEqualTo(2);
        cls = votes.add(0, 0.05f, cls);
        assertThat(cls).isEqualTo(2);
    }

    @Test
    void testGrowsBeyondTwoClassesAndKeepsEachTally() {
        int cls = 7;
        for (int c = 0; c < 5; c++) {
            cls = votes.add(c, 0.1f * (c + 1), cls);
        }
        assertThat(votes.count).isEqualTo(5);
        assertThat(cls).isEqualTo(4);
        assertThat(votes.weights[votes.count - 1]).isEqualTo(0.5f);
        assertThat(votes.add(1, 0.4f, cls)).isEqualTo(1);
    }

    @Test
    void testSetReplacesVotes() {
        votes.add(3, 1, 3);
        votes.set(new int[] {1, 2, 5}, new float[] {0.1f, 0.2f, 0.3f}, 3);
        assertThat(votes.count).isEqualTo(3);
        assertThat(votes.add(2, 0.2f, 5)).isEqualTo(2);
    }
}
