package dev.safefs.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link Flushes}: all at once, all finished before it returns, every failure reported. */
class FlushesTest {

  /** A flush that returns only once {@code all} flushes have started: run one after another, none would. */
  private static Flushes.Flush meeting(CountDownLatch all) {
    return () -> {
      all.countDown();
      try {
        if (!all.await(10, TimeUnit.SECONDS)) {
          throw new IOException("the other flushes did not run at the same time");
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    };
  }

  @Test
  void theFlushesRunAtTheSameTime() throws IOException {
    CountDownLatch three = new CountDownLatch(3);
    Flushes.all(List.of(meeting(three), meeting(three), meeting(three)));
    assertThat(three.getCount()).isZero();
  }

  @Test
  void aFailureIsThrownOnlyOnceEveryFlushHasFinishedWithTheOthersSuppressed() {
    AtomicBoolean slowDone = new AtomicBoolean();
    Flushes.Flush failsAtOnce = () -> {
      throw new IOException("first");
    };
    Flushes.Flush slow = () -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      slowDone.set(true);
    };
    Flushes.Flush failsToo = () -> {
      throw new IOException("third");
    };
    assertThatThrownBy(() -> Flushes.all(List.of(failsAtOnce, slow, failsToo)))
        .isInstanceOf(IOException.class).hasMessage("first")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("third"));
    assertThat(slowDone).as("the slow flush finished before the failure was thrown").isTrue();
  }

  @Test
  void aFailureOnAPoolThreadIsThrownAsItself() {
    assertThatThrownBy(() -> Flushes.all(List.of(() -> { }, () -> {
      throw new IOException("on the pool");
    }))).isInstanceOf(IOException.class).hasMessage("on the pool");
  }

  @Test
  void anInterruptedCallerStillWaitsForEveryFlushAndKeepsItsInterrupt() throws IOException {
    AtomicBoolean done = new AtomicBoolean();
    Thread.currentThread().interrupt();
    try {
      Flushes.all(List.of(() -> { }, () -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        done.set(true);
      }));
      assertThat(done).isTrue();
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }
  }
}
