package dev.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GradientCollectorsTest {

    @Test
    void learnersOnTwoThreadsTakeTurnsInsteadOfFailing() throws Exception {
        LmConfig config = LmConfig.defaults().withVocabularySize(300).withShape(16, 1, 32, 2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LmLearner first = new LmLearner(config); LmLearner second = new LmLearner(config)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (LmLearner learner : List.of(first, second)) {
                runs.add(threads.submit(() -> steps(learner, 30)));
            }

            for (Future<Integer> run : runs) {
                assertThat(run.get()).isEqualTo(30);
            }
            assertThat(first.stepCount()).isEqualTo(30);
            assertThat(second.stepCount()).isEqualTo(30);
        } finally {
            threads.shutdownNow();
        }
    }

    private static int steps(LmLearner learner, int count) {
        Random random = new Random(5);
        int taken = 0;
        for (int i = 0; i < count; i++) {
            Batch batch = Batch.ofInts(new int[] {4, 17}, random.ints(4 * 17, 2, 300).toArray(), 4);
            if (!learner.step(learner.prepare(batch)).skipped()) {
                taken++;
            }
        }
        return taken;
    }
}
